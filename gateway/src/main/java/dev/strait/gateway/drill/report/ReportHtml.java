package dev.strait.gateway.drill.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a drill's report as one self-contained HTML page: no external scripts, fonts or styles.
 * The report's JSON is embedded in a {@code <script type="application/json">} element and inline
 * JavaScript draws the charts from it as SVG (calls per second by serving region, error rate, p50
 * and p99 latency), with faults as shaded spans, phase boundaries as dashed lines and the times
 * at which expectations broke as red lines. The verdict and fault tables are written as HTML, so
 * they read without scripts. The same report always gives the same page.
 */
public final class ReportHtml {
    static final String DATA_ELEMENT_ID = "report-data";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(title|outcome|description|started|ended|verdicts|faults|data|noRegion)}}");

    private ReportHtml() {}

    public static String toHtml(DrillReport report) {
        var rows = new StringBuilder();
        for (Verdict verdict : report.verdicts()) {
            rows.append("      <tr class=\"").append(verdict.passed() ? "pass" : "fail").append("\"><td>")
                    .append(verdict.passed() ? "pass" : "FAIL").append("</td><td>").append(escape(verdict.expectation()))
                    .append("</td><td>").append(escape(verdict.measured())).append("</td><td>")
                    .append(verdict.failedAtMillis().isPresent()
                            ? ExpectationJudge.seconds(verdict.failedAtMillis().getAsLong() * 1_000_000) : "")
                    .append("</td><td>").append(escape(verdict.sentence())).append("</td></tr>\n");
        }
        var faults = new StringBuilder();
        if (!report.faults().isEmpty()) {
            faults.append("<h2>Faults</h2>\n<table id=\"faults\">\n  <thead><tr><th>Step</th><th>Fault</th><th>From</th><th>Until</th></tr></thead>\n  <tbody>\n");
            for (FaultMarker fault : report.faults()) {
                faults.append("      <tr><td>").append(escape(fault.step())).append("</td><td>").append(escape(fault.description()))
                        .append("</td><td>").append(ExpectationJudge.seconds(fault.atMillis() * 1_000_000)).append("</td><td>")
                        .append(ExpectationJudge.seconds(fault.untilMillis() * 1_000_000)).append("</td></tr>\n");
            }
            faults.append("  </tbody>\n</table>\n");
        }
        String title = "Drill " + report.scenario().name() + ": " + (report.passed() ? "passed" : "FAILED");
        Map<String, String> values = Map.of(
                "title", escape(title),
                "outcome", report.passed() ? "pass" : "fail",
                "description", escape(report.scenario().description()),
                "started", escape(report.started().toString()),
                "ended", escape(report.ended().toString()),
                "verdicts", rows.toString(),
                "noRegion", Aggregate.NO_REGION,
                "faults", faults.toString(),
                "data", scriptSafeJson(report));
        // One pass over the template, so a placeholder inside a value (a description, say) stays text.
        return PLACEHOLDER.matcher(TEMPLATE).replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
    }

    public static void write(DrillReport report, Path file) throws IOException {
        Files.writeString(file, toHtml(report));
    }

    /** The compact JSON, with {@code <}, {@code >} and {@code &} as JSON escapes so no string can end the script element. */
    static String scriptSafeJson(DrillReport report) {
        // These characters occur only inside JSON strings, where \\u escapes mean the same.
        return ReportJson.toCompactJson(report).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String TEMPLATE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{title}}</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
              h1.pass { color: #1a7f37; } h1.fail { color: #cf222e; }
              table { border-collapse: collapse; margin: 12px 0; }
              th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; font-size: 14px; }
              tr.fail td { background: #ffebe9; font-weight: 600; }
              tr.pass td:first-child { color: #1a7f37; }
              .chart { margin: 8px 0 20px; }
              .chart svg { border: 1px solid #eee; }
              .axis { stroke: #999; } .grid { stroke: #eee; }
              th { white-space: nowrap; background: #f6f8fa; }
              .phase { stroke: #555; stroke-dasharray: 4 3; }
              .fault { fill: #cf222e; fill-opacity: 0.12; }
              .broke { stroke: #cf222e; stroke-width: 2; }
              svg text { font-size: 12px; fill: #444; }
              svg text.phase-name { font-weight: 600; }
            </style>
            </head>
            <body>
            <h1 class="{{outcome}}">{{title}}</h1>
            <p>{{description}}</p>
            <p>Started {{started}}, ended {{ended}}.</p>
            <h2>Verdicts</h2>
            <table id="verdicts">
              <thead><tr><th>Verdict</th><th>Expectation</th><th>Measured</th><th>Broke at</th><th>Why</th></tr></thead>
              <tbody>
            {{verdicts}}  </tbody>
            </table>
            {{faults}}<h2>Calls per second by serving region</h2>
            <div class="chart" id="chart-rate"></div>
            <h2>Error rate (%)</h2>
            <div class="chart" id="chart-errors"></div>
            <h2>Latency (ms)</h2>
            <div class="chart" id="chart-latency"></div>
            <script type="application/json" id="report-data">{{data}}</script>
            <script>
            (function () {
              "use strict";
              var report = JSON.parse(document.getElementById("report-data").textContent);
              var NS = "http://www.w3.org/2000/svg";
              var W = 1000, H = 240, LEFT = 56, RIGHT = 170, TOP = 16, BOTTOM = 30;
              var NO_REGION = "{{noRegion}}", GREY = "#8c959f";
              var COLORS = ["#0969da", "#bf8700", "#1a7f37", "#8250df", "#cf222e", "#1b7c83", "#953800", "#6e7781"];
              var width = report.timeline.bucketMillis;
              var buckets = report.timeline.buckets;
              var endMs = Math.max(report.scenario.durationMillis, buckets.length * width, 1);

              function el(name, attrs, parent, text) {
                var node = document.createElementNS(NS, name);
                Object.keys(attrs).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
                if (text !== undefined) { node.textContent = text; }
                if (parent) { parent.appendChild(node); }
                return node;
              }
              function x(ms) { return LEFT + (W - LEFT - RIGHT) * ms / endMs; }
              function round(v) { return Math.round(v * 100) / 100; }

              // Round steps (1, 2, 2.5 or 5 times a power of ten), so the axis reads 0, 25, 50, 75, 100.
              function niceStep(max) {
                var raw = max / 4, power = Math.pow(10, Math.floor(Math.log10(raw))), steps = [1, 2, 2.5, 5, 10];
                for (var i = 0; i < steps.length; i++) { if (steps[i] * power >= raw) { return steps[i] * power; } }
                return 10 * power;
              }
              var broken = report.verdicts.filter(function (v) { return !v.passed && typeof v.failedAtMillis === "number"; });

              function chart(id, series) {
                var max = 0;
                series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v > max) { max = v; } }); });
                var tick = max > 0 ? niceStep(max) : 0.25;
                var top = Math.max(tick * 4, Math.ceil(max * 1.05 / tick) * tick);
                function y(v) { return TOP + (H - TOP - BOTTOM) * (1 - v / top); }
                var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H });
                report.faults.forEach(function (f) {
                  var span = el("rect", { "class": "fault", x: x(f.atMillis), y: TOP, width: Math.max(1, x(f.untilMillis) - x(f.atMillis)), height: H - TOP - BOTTOM }, svg);
                  el("title", {}, span, f.step + ": " + f.description);
                });
                for (var v = 0; v <= top + tick / 2; v += tick) {
                  el("line", { "class": "grid", x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v) }, svg);
                  el("text", { x: LEFT - 6, y: y(v) + 4, "text-anchor": "end" }, svg, String(round(v)));
                }
                var step = Math.max(1, Math.ceil(endMs / 1000 / 10));
                for (var s = 0; s * 1000 <= endMs; s += step) {
                  el("text", { x: x(s * 1000), y: H - 10, "text-anchor": "middle" }, svg, s + " s");
                }
                el("line", { "class": "axis", x1: LEFT, x2: W - RIGHT, y1: H - BOTTOM, y2: H - BOTTOM }, svg);
                el("line", { "class": "axis", x1: LEFT, x2: LEFT, y1: TOP, y2: H - BOTTOM }, svg);
                report.phases.forEach(function (p) {
                  if (p.startMillis > 0) {
                    el("line", { "class": "phase", x1: x(p.startMillis), x2: x(p.startMillis), y1: TOP, y2: H - BOTTOM }, svg);
                  }
                  el("text", { "class": "phase-name", x: x(p.startMillis) + 4, y: TOP + 12 }, svg, p.name);
                });
                broken.forEach(function (b) {
                  var line = el("line", { "class": "broke", x1: x(b.failedAtMillis), x2: x(b.failedAtMillis), y1: TOP, y2: H - BOTTOM }, svg);
                  el("title", {}, line, b.sentence);
                });
                var legend = el("g", { "class": "legend" }, svg);
                var row = 0;
                function entry(label, swatch) {
                  var at = TOP + row++ * 18;
                  swatch(at);
                  el("text", { x: W - RIGHT + 30, y: at + 10 }, legend, label);
                }
                series.forEach(function (s, index) {
                  var d = "", pen = "M";
                  s.values.forEach(function (v, i) {
                    if (v === null) { pen = "M"; return; }
                    d += pen + round(x(i * width + width / 2)) + " " + round(y(v)) + " ";
                    pen = "L";
                  });
                  var color = s.color || COLORS[index % COLORS.length];
                  if (d) { el("path", { "class": "series", "data-series": s.key || s.name, d: d.trim(), fill: "none", stroke: color, "stroke-width": 1.75 }, svg); }
                  entry(s.name, function (at) { el("line", { x1: W - RIGHT + 10, x2: W - RIGHT + 24, y1: at + 6, y2: at + 6, stroke: color, "stroke-width": 3 }, legend); });
                });
                report.faults.forEach(function (f) {
                  entry(f.step + " (fault)", function (at) { el("rect", { "class": "fault", x: W - RIGHT + 10, y: at, width: 14, height: 12 }, legend); });
                });
                if (report.phases.length > 1) {
                  entry("phase start", function (at) { el("line", { "class": "phase", x1: W - RIGHT + 17, x2: W - RIGHT + 17, y1: at, y2: at + 12 }, legend); });
                }
                if (broken.length > 0) {
                  entry("expectation broke", function (at) { el("line", { "class": "broke", x1: W - RIGHT + 17, x2: W - RIGHT + 17, y1: at, y2: at + 12 }, legend); });
                }
                document.getElementById(id).appendChild(svg);
              }

              var regions = [];
              buckets.forEach(function (b) {
                Object.keys(b.stats.perSecondByRegion).forEach(function (r) { if (regions.indexOf(r) < 0) { regions.push(r); } });
              });
              // Calls that no region answered come last, in grey: they are not a region.
              regions.sort(function (a, b) { return (a === NO_REGION) - (b === NO_REGION) || (a < b ? -1 : a > b ? 1 : 0); });
              chart("chart-rate", regions.map(function (r) {
                return { key: r, name: r === NO_REGION ? "no region" : r, color: r === NO_REGION ? GREY : undefined,
                  values: buckets.map(function (b) { return b.stats.perSecondByRegion[r] || 0; }) };
              }));
              chart("chart-errors", [{ name: "error rate", values: buckets.map(function (b) {
                return b.stats.calls > 0 ? b.stats.errorRate * 100 : null;
              }) }]);
              chart("chart-latency", [
                { name: "p50", values: buckets.map(function (b) { return b.stats.p50Millis === undefined ? null : b.stats.p50Millis; }) },
                { name: "p99", values: buckets.map(function (b) { return b.stats.p99Millis === undefined ? null : b.stats.p99Millis; }) }
              ]);
            })();
            </script>
            </body>
            </html>
            """;
}
