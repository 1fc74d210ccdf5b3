package dev.strait.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.pipeline.CallOutcome;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AccessLogTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant START = Instant.parse("2025-03-01T12:00:00.123456Z");

    @TempDir
    Path directory;

    @Test
    void aServedCallIsOneLineWithEveryFieldInOrder() {
        CallOutcome call = new CallOutcome(START, 12_345_678, Listener.LOCAL, "POST", "orders.mesh", "/orders/1",
                Optional.of(ServiceName.of("orders")), Optional.of("canary"), Optional.of(RegionName.of("east")),
                Optional.of("spiffe://strait.test/region/east/service/checkout"), Optional.of(RegionName.of("east")),
                Optional.of(RegionName.of("west")), Optional.of(new HostPort("10.0.0.7", 8443)), 2, 9_876_543, 201, 17, 4096,
                Optional.empty(), Optional.of("4bf92f3577b34da6a3ce929d0e0e4736"), Optional.of("1234567890abcdef"),
                Optional.of("00f067aa0ba902b7"));

        String line = AccessLogLine.of(call);

        assertThat(line).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.propertyNames()).containsExactly("time", "traceId", "spanId", "parentSpanId", "listener", "caller", "callerRegion",
                "method", "authority", "path", "service", "route", "servedBy", "upstream", "status", "requestBytes",
                "responseBytes", "durationMs", "upstreamMs", "attempts", "retries");
        assertThat(json.get("time").asString()).isEqualTo("2025-03-01T12:00:00.123456Z");
        assertThat(json.get("traceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.get("spanId").asString()).isEqualTo("1234567890abcdef");
        assertThat(json.get("parentSpanId").asString()).isEqualTo("00f067aa0ba902b7");
        assertThat(json.get("listener").asString()).isEqualTo("local");
        assertThat(json.get("caller").asString()).isEqualTo("spiffe://strait.test/region/east/service/checkout");
        assertThat(json.get("callerRegion").asString()).isEqualTo("east");
        assertThat(json.get("method").asString()).isEqualTo("POST");
        assertThat(json.get("authority").asString()).isEqualTo("orders.mesh");
        assertThat(json.get("path").asString()).isEqualTo("/orders/1");
        assertThat(json.get("service").asString()).isEqualTo("orders");
        assertThat(json.get("route").asString()).isEqualTo("canary");
        assertThat(json.get("servedBy").asString()).isEqualTo("west");
        assertThat(json.get("upstream").asString()).isEqualTo("10.0.0.7:8443");
        assertThat(json.get("status").asInt()).isEqualTo(201);
        assertThat(json.get("requestBytes").asLong()).isEqualTo(17);
        assertThat(json.get("responseBytes").asLong()).isEqualTo(4096);
        assertThat(json.get("durationMs").asDouble()).isEqualTo(12.345);
        assertThat(json.get("upstreamMs").asDouble()).isEqualTo(9.876);
        assertThat(json.get("attempts").asInt()).isEqualTo(2);
        assertThat(json.get("retries").asInt()).isEqualTo(1);
        assertThat(line).as("paths stay readable").contains("\"/orders/1\"");
    }

    @Test
    void whatACallNeverGotToIsLeftOut() {
        CallOutcome malformed = new CallOutcome(START, 1_000, Listener.PEER, "GET", "", "/", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 400, 0, 57,
                Optional.of(GatewayError.BAD_REQUEST), Optional.empty(), Optional.empty());

        JsonNode json = JSON.readTree(AccessLogLine.of(malformed));

        assertThat(json.propertyNames()).containsExactly("time", "listener", "method", "authority", "path", "status",
                "requestBytes", "responseBytes", "durationMs", "attempts", "retries", "error");
        assertThat(json.get("listener").asString()).isEqualTo("peer");
        assertThat(json.get("error").asString()).isEqualTo("bad_request");
        assertThat(json.get("durationMs").asDouble()).isEqualTo(0.001);
    }

    @Test
    void quotesControlCharactersAndNonAsciiAreEscaped() {
        CallOutcome call = outcome("/a\"b\\c\u0001d\u00e9", 200, Optional.empty());

        String line = AccessLogLine.of(call);

        assertThat(line).matches("\\p{ASCII}+").contains("\\\"").contains("\\u0001").contains("\\u00E9");
        assertThat(JSON.readTree(line).get("path").asString()).isEqualTo("/a\"b\\c\u0001d\u00e9");
    }

    @ParameterizedTest(name = "status {0}, error {1}, draw {2}: logged {3}")
    @CsvSource({
            // status, gateway error,     draw, logged at rate 0.25
            "200,    ,                    0.1,  true",
            "200,    ,                    0.25, false",
            "200,    ,                    0.9,  false",
            "404,    ,                    0.9,  false",
            "499,    ,                    0.9,  false",
            "500,    ,                    0.9,  true",
            "503,    ,                    0.9,  true",
            "403,    DENIED,              0.9,  true",
            "429,    RATE_LIMITED,        0.9,  true",
            "503,    NO_HEALTHY_UPSTREAM, 0.9,  true",
    })
    void callsThatWentWellAreSampledAndFailedOnesAlwaysLogged(int status, GatewayError error, double draw, boolean logged)
            throws IOException {
        StringWriter out = new StringWriter();
        AccessLog log = new AccessLog("test", out, 0.25, 16, () -> draw);

        log.completed(outcome("/sampled", status, Optional.ofNullable(error)));
        log.close();

        assertThat(out.toString().lines().count()).isEqualTo(logged ? 1 : 0);
        assertThat(log.dropped()).as("sampling is not dropping").isZero();
    }

    @Test
    void atRateZeroOnlyFailuresAreLogged() throws IOException {
        StringWriter out = new StringWriter();
        AccessLog log = new AccessLog("test", out, 0, 16, () -> 0.0);

        log.completed(outcome("/ok", 200, Optional.empty()));
        log.completed(outcome("/denied", 403, Optional.of(GatewayError.DENIED)));
        log.completed(outcome("/broken", 502, Optional.empty()));
        log.close();

        assertThat(paths(out.toString())).containsExactly("/denied", "/broken");
    }

    @Test
    void whenTheQueueIsFullLinesAreDroppedAndCountedAndWhatWasQueuedIsWrittenOnClose() throws Exception {
        GatedWriter out = new GatedWriter();
        AccessLog log = new AccessLog("test", out, 1, 2, () -> 0.0);

        log.completed(outcome("/1", 200, Optional.empty()));
        // The writer holds line 1 and waits: the queue is empty again, with room for two.
        assertThat(out.entered.await(10, TimeUnit.SECONDS)).as("the writer took the first line").isTrue();
        log.completed(outcome("/2", 200, Optional.empty()));
        log.completed(outcome("/3", 200, Optional.empty()));
        log.completed(outcome("/4", 200, Optional.empty()));
        log.completed(outcome("/5", 500, Optional.empty()));

        assertThat(log.dropped()).isEqualTo(2);

        out.release.countDown();
        log.close();
        assertThat(paths(out.written())).containsExactly("/1", "/2", "/3");
        assertThat(out.closed).isTrue();
        log.completed(outcome("/after-close", 200, Optional.empty()));
        assertThat(log.dropped()).as("a line after closing is dropped").isEqualTo(3);
    }

    @Test
    void linesThatCannotBeWrittenCountAsDropped() throws IOException {
        Writer broken = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        AccessLog log = new AccessLog("test", broken, 1, 16, () -> 0.0);

        log.completed(outcome("/1", 200, Optional.empty()));
        log.completed(outcome("/2", 200, Optional.empty()));
        log.close();

        assertThat(log.dropped()).isEqualTo(2);
    }

    @Test
    void aFileIsCreatedWithItsDirectoryAndAppendedTo() throws Exception {
        Path file = directory.resolve("logs/east.log");
        AccessLogSettings settings = new AccessLogSettings(new AccessLogSettings.Destination.File(file), 1.0);

        try (AccessLog first = AccessLog.start("east", settings).orElseThrow()) {
            first.completed(outcome("/first", 200, Optional.empty()));
        }
        try (AccessLog second = AccessLog.start("east", settings).orElseThrow()) {
            second.completed(outcome("/second", 200, Optional.empty()));
        }

        assertThat(paths(Files.readString(file, StandardCharsets.UTF_8))).containsExactly("/first", "/second");
    }

    @Test
    void standardOutputGetsWholeLinesAndStaysOpen() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        AccessLog log = new AccessLog("test", new BatchedPrintStreamWriter(stdout), 1, 16, () -> 0.0);

        log.completed(outcome("/1", 200, Optional.empty()));
        log.completed(outcome("/2", 200, Optional.empty()));
        log.close();
        stdout.print("still open\n");
        stdout.flush();

        String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(stdout.checkError()).isFalse();
        assertThat(written).endsWith("still open\n");
        assertThat(paths(written.substring(0, written.indexOf("still open")))).containsExactly("/1", "/2");
    }

    @Test
    void offStartsNoLog() throws IOException {
        assertThat(AccessLog.start("east", AccessLogSettings.OFF)).isEmpty();
    }

    @ParameterizedTest(name = "--access-log {0}")
    @CsvSource({"off, Off", "stdout, Stdout", "logs/access.log, File", "off.log, File"})
    void aDestinationIsOffStdoutOrAFile(String value, String kind) {
        assertThat(AccessLogSettings.Destination.of(value).getClass().getSimpleName()).isEqualTo(kind);
    }

    private static CallOutcome outcome(String path, int status, Optional<GatewayError> error) {
        return new CallOutcome(START, 2_000_000, Listener.LOCAL, "GET", "orders.mesh", path, Optional.of(ServiceName.of("orders")),
                Optional.of("default"), Optional.of(RegionName.of("east")), Optional.of("anonymous"), Optional.of(RegionName.of("east")),
                Optional.of(RegionName.of("east")), Optional.of(new HostPort("127.0.0.1", 9000)), 1, 1_000_000, status, 0, 10, error,
                Optional.of("4bf92f3577b34da6a3ce929d0e0e4736"), Optional.of("1234567890abcdef"));
    }

    private static List<String> paths(String written) {
        List<String> paths = new ArrayList<>();
        written.lines().forEach(line -> paths.add(JSON.readTree(line).get("path").asString()));
        return paths;
    }

    /** A writer that holds its first write until released, as a slow disk would. */
    private static final class GatedWriter extends Writer {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final StringBuilder written = new StringBuilder();
        volatile boolean closed;

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            synchronized (written) {
                written.append(buffer, offset, length);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            closed = true;
        }

        String written() {
            synchronized (written) {
                return written.toString();
            }
        }
    }
}
