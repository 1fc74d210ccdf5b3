package dev.strait.gateway.drill.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.drill.scenario.Expectation;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReportWritersTest {
    private static final DrillReport REPORT = DrillReport.of(
            Calls.scenario(List.of(
                    new Expectation.MaxErrorRate(Optional.empty(), 0.02),
                    new Expectation.MaxErrorRate(Optional.of("outage"), 0.01),
                    new Expectation.TrafficMovesAway("outage", RegionName.of("eu-west"), Duration.ofSeconds(1)),
                    new Expectation.NoCommittedStateLost())),
            Instant.parse("2025-01-02T03:04:05Z"), Instant.parse("2025-01-02T03:04:26Z"),
            Calls.failover(5_300, 12_000), Optional.of(Verdict.committedState(true, "3 of 3 registrations present")));

    @Test
    void theReportSumsUpTheDrill() {
        assertThat(REPORT.passed()).isFalse();
        assertThat(REPORT.verdicts()).extracting(Verdict::passed).containsExactly(true, false, true, true);
        assertThat(REPORT.timeline().buckets()).hasSize(80);
        assertThat(REPORT.timeline().buckets().get(0).stats().perSecondByRegion()).containsEntry("eu-west", 100.0);
        assertThat(REPORT.phases()).extracting(PhaseStats::name).containsExactly("baseline", "outage");
        assertThat(REPORT.faults()).singleElement()
                .isEqualTo(new FaultMarker("outage", "fail-endpoints payments in eu-west", 5_000, 10_000));
        assertThat(REPORT.results().overall().calls()).isEqualTo(2_000);
    }

    @Test
    void jsonRoundTrips() {
        String json = ReportJson.toJson(REPORT);

        assertThat(ReportJson.fromJson(json)).isEqualTo(REPORT);
        JsonNode tree = ReportJson.MAPPER.readTree(json);
        assertThat(tree.get("passed").asBoolean()).isFalse();
        assertThat(tree.get("started").asString()).isEqualTo("2025-01-02T03:04:05Z");
        assertThat(ReportJson.toJson(REPORT)).isEqualTo(json);
    }

    @Test
    void markdownListsEveryVerdict() {
        String markdown = ReportMarkdown.toMarkdown(REPORT);

        assertThat(markdown).startsWith("# Drill region-outage: FAILED");
        for (Verdict verdict : REPORT.verdicts()) {
            assertThat(markdown).contains(verdict.sentence());
        }
        assertThat(markdown).contains("| ❌ | max-error-rate in phase outage ≤ 1% | 2% | 5 s |");
        assertThat(markdown).contains("| outage | fail-endpoints payments in eu-west | 5 s | 10 s |");
    }

    @Test
    void htmlIsWellFormedSelfContainedAndEmbedsTheReport() {
        String html = ReportHtml.toHtml(REPORT);

        assertWellFormed(html);
        assertThat(html).doesNotContain("src=", "href=", "@import", "url(");
        assertThat(html).contains("<tr class=\"fail\"><td>FAIL</td><td>max-error-rate in phase outage ≤ 1%</td>");
        assertThat(html).contains("<tr><td>outage</td><td>fail-endpoints payments in eu-west</td><td>5 s</td><td>10 s</td></tr>");
        // The description's markup is text, in the page and in the data alike.
        assertThat(html).contains("payments in eu-west fails &lt;and comes back&gt; &amp; &quot;more&quot;");
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(data.find()).isTrue();
        assertThat(data.group(1)).doesNotContain("<", ">", "&");
        assertThat(ReportJson.fromJson(data.group(1))).isEqualTo(REPORT);
        assertThat(ReportHtml.toHtml(REPORT)).isEqualTo(html);
    }

    @Test
    void aPlaceholderInTheDescriptionStaysText() {
        DrillReport.ScenarioSummary summary = REPORT.scenario();
        DrillReport report = new DrillReport(new DrillReport.ScenarioSummary(summary.name(), "see {{data}} and {{verdicts}}",
                summary.durationMillis(), summary.loads()), REPORT.started(), REPORT.ended(), REPORT.results(), REPORT.timeline(),
                REPORT.phases(), REPORT.faults(), REPORT.verdicts());

        String html = ReportHtml.toHtml(report);

        assertThat(html).contains("<p>see {{data}} and {{verdicts}}</p>");
        assertWellFormed(html);
    }

    private static final Set<String> VOID = Set.of("meta", "br", "hr", "img", "input", "link");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");

    /** Every element closes, in order; the insides of scripts and styles are not markup. */
    private static void assertWellFormed(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>");
        String markup = html.replaceAll("(?s)(<script[^>]*>).*?(</script>)", "$1$2").replaceAll("(?s)(<style>).*?(</style>)", "$1$2");
        Deque<String> open = new ArrayDeque<>();
        Matcher tag = TAG.matcher(markup);
        while (tag.find()) {
            String name = tag.group(2).toLowerCase();
            if (VOID.contains(name)) {
                continue;
            }
            if (tag.group(1).isEmpty()) {
                open.push(name);
            } else {
                assertThat(open).as("closing </%s> at %d", name, tag.start()).isNotEmpty();
                assertThat(open.pop()).as("closing </%s> at %d", name, tag.start()).isEqualTo(name);
            }
        }
        assertThat(open).as("elements left open").isEmpty();
        assertThat(markup.replaceAll("<[^>]*>", "")).as("stray angle brackets in text").doesNotContain("<", ">");
    }
}
