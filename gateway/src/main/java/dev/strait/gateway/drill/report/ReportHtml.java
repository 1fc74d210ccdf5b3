package dev.strait.gateway.drill.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a drill's report as one self-contained HTML page: no external scripts, fonts or styles.
 * The report's JSON is embedded in a {@code <script type="application/json">} element and inline
 * JavaScript draws the charts from it as SVG (calls per second by serving region, error rate, p50
 * and p99 latency), with faults as shaded spans and phase boundaries as vertical lines. The
 * verdict table is written as HTML, so it reads without scripts. The same report always gives
 * the same page.
 */
public final class ReportHtml {
    static final String DATA_ELEMENT_ID = "report-data";

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
        String title = "Drill " + report.scenario().name() + ": " + (report.passed() ? "passed" : "FAILED");
        return TEMPLATE
                .replace("{{title}}", escape(title))
                .replace("{{outcome}}", report.passed() ? "pass" : "fail")
                .replace("{{description}}", escape(report.scenario().description()))
                .replace("{{started}}", escape(report.started().toString()))
                .replace("{{ended}}", escape(report.ended().toString()))
                .replace("{{verdicts}}", rows.toString())
                .replace("{{data}}", scriptSafeJson(report));
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
              .phase { stroke: #555; stroke-dasharray: 4 3; }
              .fault { fill: #cf222e; fill-opacity: 0.12; }
              svg text { font-size: 11px; fill: #444; }
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
            <h2>Calls per second by serving region</h2>
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
              var W = 960, H = 240, LEFT = 60, RIGHT = 130, TOP = 16, BOTTOM = 30;
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

              function chart(id, series) {
                var max = 0;
                series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v > max) { max = v; } }); });
                max = max > 0 ? max * 1.1 : 1;
                function y(v) { return TOP + (H - TOP - BOTTOM) * (1 - v / max); }
                var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H });
                report.faults.forEach(function (f) {
                  var span = el("rect", { "class": "fault", x: x(f.atMillis), y: TOP, width: Math.max(1, x(f.untilMillis) - x(f.atMillis)), height: H - TOP - BOTTOM }, svg);
                  el("title", {}, span, f.step + ": " + f.description);
                });
                for (var i = 0; i <= 4; i++) {
                  var v = max * i / 4;
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
                  el("text", { x: x(p.startMillis) + 3, y: TOP + 10 }, svg, p.name);
                });
                series.forEach(function (s, index) {
                  var d = "", pen = "M";
                  s.values.forEach(function (v, i) {
                    if (v === null) { pen = "M"; return; }
                    d += pen + round(x(i * width + width / 2)) + " " + round(y(v)) + " ";
                    pen = "L";
                  });
                  var color = COLORS[index % COLORS.length];
                  if (d) { el("path", { d: d.trim(), fill: "none", stroke: color, "stroke-width": 1.5 }, svg); }
                  el("rect", { x: W - RIGHT + 10, y: TOP + index * 16, width: 10, height: 10, fill: color }, svg);
                  el("text", { x: W - RIGHT + 24, y: TOP + index * 16 + 9 }, svg, s.name);
                });
                document.getElementById(id).appendChild(svg);
              }

              var regions = [];
              buckets.forEach(function (b) {
                Object.keys(b.stats.perSecondByRegion).forEach(function (r) { if (regions.indexOf(r) < 0) { regions.push(r); } });
              });
              regions.sort();
              chart("chart-rate", regions.map(function (r) {
                return { name: r, values: buckets.map(function (b) { return b.stats.perSecondByRegion[r] || 0; }) };
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
