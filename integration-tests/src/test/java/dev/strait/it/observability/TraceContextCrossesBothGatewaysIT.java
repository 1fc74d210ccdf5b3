package dev.strait.it.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.tracing.TraceContext;
import dev.strait.it.support.Http;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A caller in east sends a W3C trace; the call crosses east's gateway and west's to a west
 * endpoint. Each gateway is one span of the caller's trace: east's span is the parent west
 * continues from, west's span is the parent the endpoint sees, and both gateways' access logs
 * name the trace and their span.
 */
class TraceContextCrossesBothGatewaysIT {
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir
    static Path directory;

    static LoggedRegions regions;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        regions = LoggedRegions.start(directory);
        http = new Http();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (regions != null) {
            regions.close();
        }
    }

    @Test
    void theEndpointSeesTheCallersTraceWithWestsSpanAsParentAndEachGatewayLogsItsSpan() throws Exception {
        HttpResponse<String> response = http.get(regions.localUrl(LoggedRegions.EAST), "orders.mesh", "/orders/traced",
                "traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01", "tracestate", "congo=t61rcWkgMzE");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("west");
        JsonNode received = Http.json(response).get("headers");
        assertThat(received.get("traceparent")).as("one traceparent reaches the endpoint").hasSize(1);
        TraceContext atEndpoint = TraceContext.parse(received.get("traceparent").get(0).asString()).orElseThrow();
        assertThat(received.get("tracestate").get(0).asString()).isEqualTo("congo=t61rcWkgMzE");

        JsonNode east = regions.awaitLogLine(LoggedRegions.EAST, "/orders/traced", line -> line.path("path").asString().equals("/orders/traced"));
        JsonNode west = regions.awaitLogLine(LoggedRegions.WEST, "/orders/traced", line -> line.path("path").asString().equals("/orders/traced"));

        assertThat(atEndpoint.traceId()).isEqualTo(TRACE_ID);
        assertThat(atEndpoint.sampled()).isTrue();
        assertThat(atEndpoint.parentId())
                .as("the endpoint's parent is west's span")
                .isEqualTo(west.get("spanId").asString())
                .isNotEqualTo(CALLER_SPAN)
                .isNotEqualTo(east.get("spanId").asString());

        assertThat(east.get("traceId").asString()).isEqualTo(TRACE_ID);
        assertThat(east.get("listener").asString()).isEqualTo("local");
        assertThat(east.get("parentSpanId").asString()).as("east continues the caller's span").isEqualTo(CALLER_SPAN);
        assertThat(east.get("servedBy").asString()).isEqualTo("west");

        assertThat(west.get("traceId").asString()).isEqualTo(TRACE_ID);
        assertThat(west.get("listener").asString()).isEqualTo("peer");
        assertThat(west.get("parentSpanId").asString())
                .as("the parent west received from east is east's span")
                .isEqualTo(east.get("spanId").asString());
        assertThat(west.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void aCallWithoutTraceparentStartsOneTraceThatBothGatewaysShare() throws Exception {
        HttpResponse<String> response = http.get(regions.localUrl(LoggedRegions.EAST), "orders.mesh", "/orders/untraced");

        assertThat(response.statusCode()).isEqualTo(200);
        TraceContext atEndpoint = TraceContext.parse(Http.json(response).get("headers").get("traceparent").get(0).asString())
                .orElseThrow();
        JsonNode east = regions.awaitLogLine(LoggedRegions.EAST, "/orders/untraced", line -> line.path("path").asString().equals("/orders/untraced"));
        JsonNode west = regions.awaitLogLine(LoggedRegions.WEST, "/orders/untraced", line -> line.path("path").asString().equals("/orders/untraced"));

        assertThat(east.has("parentSpanId")).as("east started the trace").isFalse();
        assertThat(west.get("traceId").asString()).isEqualTo(east.get("traceId").asString()).isEqualTo(atEndpoint.traceId());
        assertThat(west.get("parentSpanId").asString()).isEqualTo(east.get("spanId").asString());
        assertThat(atEndpoint.parentId()).isEqualTo(west.get("spanId").asString());
        assertThat(atEndpoint.sampled()).isTrue();
    }
}
