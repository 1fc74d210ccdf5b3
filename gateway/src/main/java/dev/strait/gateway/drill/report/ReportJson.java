package dev.strait.gateway.drill.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes and reads a {@link DrillReport} as JSON (the form tools and the HTML page read). */
public final class ReportJson {
    // Map keys sorted and instants as ISO text, so the same report always gives the same bytes.
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ReportJson() {}

    /** The report as indented JSON. */
    public static String toJson(DrillReport report) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
    }

    /** The report as one line of JSON. */
    static String toCompactJson(DrillReport report) {
        return MAPPER.writeValueAsString(report);
    }

    public static DrillReport fromJson(String json) {
        return MAPPER.readValue(json, DrillReport.class);
    }

    public static void write(DrillReport report, Path file) throws IOException {
        Files.writeString(file, toJson(report));
    }
}
