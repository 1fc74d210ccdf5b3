package dev.strait.gateway.accesslog;

import dev.strait.gateway.pipeline.CallOutcome;
import dev.strait.gateway.pipeline.Listener;
import java.io.StringWriter;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The access log line of one call: a JSON object on one line, fields in a fixed order, the
 * values the call never got to (a malformed request has no service) left out. Characters
 * beyond ASCII are escaped, so a line reads the same whatever the output's encoding.
 */
final class AccessLogLine {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .build();
    private static final int TYPICAL_LENGTH = 512;

    private AccessLogLine() {}

    /** The line for {@code call}, without the line break. */
    static String of(CallOutcome call) {
        StringWriter line = new StringWriter(TYPICAL_LENGTH);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringProperty("time", call.start().toString());
            optional(json, "traceId", call.traceId());
            optional(json, "spanId", call.spanId());
            optional(json, "parentSpanId", call.parentSpanId());
            json.writeStringProperty("listener", call.listener() == Listener.PEER ? "peer" : "local");
            optional(json, "caller", call.caller());
            optional(json, "callerRegion", call.callerRegion());
            json.writeStringProperty("method", call.method());
            json.writeStringProperty("authority", call.authority());
            json.writeStringProperty("path", call.path());
            optional(json, "service", call.service());
            optional(json, "route", call.route());
            optional(json, "servedBy", call.servedBy());
            optional(json, "upstream", call.upstream());
            json.writeNumberProperty("status", call.status());
            json.writeNumberProperty("requestBytes", call.requestBytes());
            json.writeNumberProperty("responseBytes", call.responseBytes());
            json.writeNumberProperty("durationMs", millis(call.durationNanos()));
            if (call.attempts() > 0) {
                json.writeNumberProperty("upstreamMs", millis(call.upstreamNanos()));
            }
            json.writeNumberProperty("attempts", call.attempts());
            json.writeNumberProperty("retries", call.retries());
            if (call.error().isPresent()) {
                json.writeStringProperty("error", call.error().get().code());
            }
            json.writeEndObject();
        }
        return line.toString();
    }

    /** Writes {@code name} with the value's text, or nothing when there is no value. */
    private static void optional(JsonGenerator json, String name, Optional<?> value) {
        if (value.isPresent()) {
            json.writeStringProperty(name, value.get().toString());
        }
    }

    /** Milliseconds to the microsecond: {@code 12.345}. */
    private static double millis(long nanos) {
        return (nanos / 1_000) / 1_000.0;
    }
}
