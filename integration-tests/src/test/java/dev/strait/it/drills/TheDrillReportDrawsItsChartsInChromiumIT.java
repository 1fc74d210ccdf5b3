package dev.strait.it.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.strait.gateway.drill.load.CallResult;
import dev.strait.gateway.drill.report.DrillReport;
import dev.strait.gateway.drill.report.ReportHtml;
import dev.strait.gateway.drill.report.Verdict;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.ScenarioLoader;
import dev.strait.policy.model.RegionName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTML report of a drill works in a real browser: opened from disk in headless Chromium, it
 * throws nothing, logs no error, and draws every chart (a line per serving region, the fault as a
 * shaded span, the phase boundary, the times expectations broke) next to its verdict table.
 */
class TheDrillReportDrawsItsChartsInChromiumIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RegionName EU_WEST = RegionName.of("eu-west");
    private static final RegionName AP_SOUTH = RegionName.of("ap-south");
    private static final long MS = 1_000_000L;
    private static final Instant STARTED = Instant.parse("2026-03-02T10:15:00Z");

    private static final String SCENARIO = """
            drill: region-outage
            description: Every gateway of eu-west stops for 10s; calls from us-east move to ap-south and come back.
            duration: 30s
            load:
              - { name: payments, service: payments, from: us-east, rate: 100, concurrency: 32, request: { method: GET, path: /drill } }
            timeline:
              - { id: outage, at: 8s, for: 10s, fault: { kind: fail-region, region: eu-west } }
            expectations:
              - { kind: max-error-rate, max: 0.01 }
              - { kind: traffic-moves-away, step: outage, from: eu-west, within: 1s }
              - { kind: traffic-returns, step: outage, to: eu-west, within: 10s }
              - { kind: latency, phase: baseline, percentile: 99, max: 100ms }
            """;

    /** What the page shows, read from its DOM after the load event. */
    private static final String READ_THE_PAGE = """
            (() => {
              const number = (node, name) => Number(node.getAttribute(name));
              const chart = id => [...document.querySelectorAll('#' + id + ' svg')].map(svg => {
                const xAxis = svg.querySelector('line.axis');
                return {
                  plotLeft: number(xAxis, 'x1'), plotRight: number(xAxis, 'x2'),
                  renderedWidth: svg.getBoundingClientRect().width,
                  series: [...svg.querySelectorAll('path.series')].map(path => {
                    const coordinates = path.getAttribute('d').split(/[ML ]+/).filter(c => c !== '').map(Number);
                    const box = path.getBBox();
                    return { name: path.dataset.series, points: coordinates.length / 2,
                             finite: coordinates.every(Number.isFinite), width: box.width, height: box.height };
                  }),
                  legend: [...svg.querySelectorAll('.legend text')].map(text => text.textContent),
                  faults: [...svg.querySelectorAll(':scope > rect.fault')].map(rect => ({
                    x: number(rect, 'x'), width: number(rect, 'width'), title: rect.textContent })),
                  phases: [...svg.querySelectorAll(':scope > line.phase')].map(line => number(line, 'x1')),
                  broke: [...svg.querySelectorAll(':scope > line.broke')].map(line => number(line, 'x1'))
                };
              });
              const heading = document.querySelector('h1');
              return {
                title: document.title, heading: heading.textContent, headingClass: heading.className,
                headingColor: getComputedStyle(heading).color,
                charts: { rate: chart('chart-rate'), errors: chart('chart-errors'), latency: chart('chart-latency') },
                verdicts: [...document.querySelectorAll('#verdicts tbody tr')].map(row => ({
                  outcome: row.className, cells: [...row.cells].map(cell => cell.textContent),
                  background: getComputedStyle(row.cells[0]).backgroundColor }))
              };
            })()
            """;

    @TempDir
    Path directory;

    @BeforeEach
    void needsChromium() {
        HeadlessChromium.assumeInstalled();
    }

    @Test
    void aPassedFailoverDrawsEveryChartWithItsFaultAndPhases() throws Exception {
        // Calls fail for 0.2 s as eu-west goes down (0.67% of all), then ap-south serves them.
        DrillReport report = report(failover(8_200));
        assertThat(report.passed()).as("the synthetic drill is meant to pass").isTrue();

        Shown page = open(report);

        assertThat(page.title()).isEqualTo("Drill region-outage: passed");
        assertThat(page.headingClass()).isEqualTo("pass");
        assertThat(page.charts().keySet()).containsExactlyInAnyOrder("rate", "errors", "latency");
        page.charts().forEach((name, charts) -> assertThat(charts).as("SVGs of chart %s", name).singleElement().satisfies(chart -> {
            assertThat(chart.renderedWidth()).as("%s: width on screen", name).isPositive();
            assertThat(chart.series()).as("%s: series", name).isNotEmpty().allSatisfy(series -> {
                assertThat(series.points()).as("%s/%s: one point per 250 ms bucket", name, series.name()).isEqualTo(120);
                assertThat(series.finite()).as("%s/%s: coordinates are numbers", name, series.name()).isTrue();
                assertThat(series.width()).as("%s/%s: spans the drill", name, series.name())
                        .isGreaterThan(0.95 * chart.plotWidth());
                assertThat(series.height()).as("%s/%s: moves", name, series.name()).isPositive();
            });
            assertThat(chart.legend()).as("%s: legend", name).contains("outage (fault)", "phase start");
            // The outage is the shaded span from 8 s to 18 s of 30 s; the outage phase starts at 8 s.
            assertThat(chart.faults()).as("%s: fault spans", name).singleElement().satisfies(fault -> {
                assertThat(fault.x()).isCloseTo(chart.at(8_000), within(1.0));
                assertThat(fault.width()).isCloseTo(chart.at(18_000) - chart.at(8_000), within(1.0));
                assertThat(fault.title()).isEqualTo("outage: fail-region eu-west");
            });
            assertThat(chart.phases()).as("%s: phase boundaries", name).singleElement()
                    .satisfies(x -> assertThat(x).isCloseTo(chart.at(8_000), within(1.0)));
            assertThat(chart.broke()).as("%s: no expectation broke", name).isEmpty();
        }));
        // The calls that failed at the switch were answered by no region: a grey line of their own, last.
        Chart rate = page.charts().get("rate").getFirst();
        assertThat(rate.series()).extracting(Series::name).as("a line per serving region").containsExactly("ap-south", "eu-west", "none");
        assertThat(rate.legend()).startsWith("ap-south", "eu-west", "no region");
        assertThat(page.charts().get("latency").getFirst().series()).extracting(Series::name).containsExactly("p50", "p99");
        assertThat(page.verdicts()).extracting(Row::outcome).containsExactly("pass", "pass", "pass", "pass");
        assertThat(page.verdicts()).extracting(row -> row.cells().get(1))
                .containsExactlyElementsOf(report.verdicts().stream().map(Verdict::expectation).toList());
    }

    @Test
    void aFailedDrillShowsWhichExpectationBrokeAndWhen() throws Exception {
        // Calls fail for 1.5 s: 5% of all, and traffic leaves eu-west 0.5 s after the deadline.
        DrillReport report = report(failover(9_500));
        assertThat(report.verdicts()).extracting(Verdict::passed).containsExactly(false, false, true, true);

        Shown page = open(report);

        assertThat(page.title()).isEqualTo("Drill region-outage: FAILED");
        assertThat(page.heading()).isEqualTo("Drill region-outage: FAILED");
        assertThat(page.headingClass()).isEqualTo("fail");
        assertThat(page.headingColor()).as("a red heading").isEqualTo("rgb(207, 34, 46)");
        assertThat(page.verdicts()).extracting(Row::outcome).containsExactly("fail", "fail", "pass", "pass");
        assertThat(page.verdicts().get(0).cells()).containsExactly("FAIL", "max-error-rate ≤ 1%", "5%", "8 s",
                report.verdicts().get(0).sentence());
        assertThat(page.verdicts().get(1).cells()).containsExactly("FAIL", "traffic-moves-away from eu-west after outage within 1 s",
                "moved after 1.5 s", "9 s", report.verdicts().get(1).sentence());
        assertThat(page.verdicts().get(1).cells().get(4)).endsWith("(deadline passed at 9 s)");
        assertThat(page.verdicts().subList(0, 2)).extracting(Row::background).as("failed rows stand out")
                .containsOnly("rgb(255, 235, 233)");
        assertThat(page.verdicts().get(2).background()).isNotEqualTo("rgb(255, 235, 233)");
        page.charts().forEach((name, charts) -> {
            Chart chart = charts.getFirst();
            assertThat(chart.broke()).as("%s: where expectations broke", name).hasSize(2);
            assertThat(chart.broke().get(0)).isCloseTo(chart.at(8_000), within(1.0));
            assertThat(chart.broke().get(1)).isCloseTo(chart.at(9_000), within(1.0));
            assertThat(chart.legend()).as("%s: legend", name).contains("expectation broke");
        });
    }

    private Shown open(DrillReport report) throws Exception {
        Path file = directory.resolve("report.html");
        ReportHtml.write(report, file);
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            HeadlessChromium.Page page = chromium.open(file.toUri());
            JsonNode shown = page.evaluate(READ_THE_PAGE);
            assertThat(page.errors()).as("uncaught exceptions and console errors in the page").isEmpty();
            return JSON.treeToValue(shown, Shown.class);
        }
    }

    /** A region-outage drill (eu-west down from 8 s to 18 s of 30 s), judged on {@code calls}. */
    private DrillReport report(List<CallResult> calls) throws Exception {
        Path file = directory.resolve("region-outage.yaml");
        Files.writeString(file, SCENARIO);
        Scenario scenario = new ScenarioLoader().load(file);
        return DrillReport.of(scenario, STARTED, STARTED.plusSeconds(31), calls, Optional.empty());
    }

    /**
     * A call every 10 ms for 30 s from us-east to payments: served by eu-west with a few
     * milliseconds of latency, failing from 8 s (eu-west goes down) until {@code failingUntilMillis},
     * then served by ap-south, farther away, until eu-west is back and serves again from 18.5 s.
     */
    private static List<CallResult> failover(long failingUntilMillis) {
        List<CallResult> calls = new ArrayList<>();
        for (long ms = 0; ms < 30_000; ms += 10) {
            long jitter = (ms / 10 * 7_919) % 13;
            if (ms < 8_000 || ms >= 18_500) {
                calls.add(served(ms, EU_WEST, 4 + jitter + (ms % 1_000 == 0 ? 40 : 0)));
            } else if (ms < failingUntilMillis) {
                calls.add(ms % 20 == 0
                        ? new CallResult("payments", ms * MS, 3 * MS, new CallResult.Outcome.NoAnswer("connection refused"),
                                Optional.empty(), Optional.empty())
                        : new CallResult("payments", ms * MS, 900 * MS, new CallResult.Outcome.Http(503), Optional.empty(),
                                Optional.of("no_healthy_upstream")));
            } else {
                calls.add(served(ms, AP_SOUTH, 35 + 2 * jitter));
            }
        }
        return calls;
    }

    private static CallResult served(long ms, RegionName region, long latencyMillis) {
        return new CallResult("payments", ms * MS, latencyMillis * MS, new CallResult.Outcome.Http(200), Optional.of(region),
                Optional.empty());
    }

    /** The page as {@link #READ_THE_PAGE} reads it. */
    record Shown(String title, String heading, String headingClass, String headingColor, Map<String, List<Chart>> charts,
            List<Row> verdicts) {}

    /** One chart's SVG: its plot area (x from {@code plotLeft} to {@code plotRight}) and what is drawn on it. */
    record Chart(double plotLeft, double plotRight, double renderedWidth, List<Series> series, List<String> legend,
            List<Fault> faults, List<Double> phases, List<Double> broke) {
        double plotWidth() {
            return plotRight - plotLeft;
        }

        /** Where the drill's {@code millis} (of 30 s) lie on the x axis. */
        double at(long millis) {
            return plotLeft + plotWidth() * millis / 30_000.0;
        }
    }

    /** One drawn line: its points, whether they are all numbers, and the size of its bounding box. */
    record Series(String name, int points, boolean finite, double width, double height) {}

    /** One shaded fault span. */
    record Fault(double x, double width, String title) {}

    /** One row of the verdict table, with the background of its first cell. */
    record Row(String outcome, List<String> cells, String background) {}
}
