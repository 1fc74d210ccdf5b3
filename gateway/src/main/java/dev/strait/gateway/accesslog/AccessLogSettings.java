package dev.strait.gateway.accesslog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a node writes its access log, and which share of calls it logs.
 *
 * @param destination where the lines go
 * @param sampleRate  the share of successful calls logged, 0 to 1; calls that failed are always logged
 */
public record AccessLogSettings(Destination destination, double sampleRate) {
    /** No access log. */
    public static final AccessLogSettings OFF = new AccessLogSettings(new Destination.Off(), 1.0);

    public AccessLogSettings {
        Objects.requireNonNull(destination, "destination");
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("access log sample rate " + sampleRate + " is out of range (expected: 0 to 1)");
        }
    }

    /** Where access log lines go. */
    public sealed interface Destination {
        /** Nowhere. */
        record Off() implements Destination {}

        /** The process's standard output, one JSON object per line. */
        record Stdout() implements Destination {}

        /** A file, appended to, one JSON object per line. */
        record File(Path path) implements Destination {
            public File {
                Objects.requireNonNull(path, "path");
            }
        }
    }
}
