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
        /** The destination a {@code --access-log} value names: {@code off}, {@code stdout}, or the path of a file. */
        static Destination of(String value) {
            Objects.requireNonNull(value, "value");
            return switch (value) {
                case "off" -> new Off();
                case "stdout" -> new Stdout();
                default -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("access log destination '" + value
                                + "' is empty (expected: stdout, off or the path of a file)");
                    }
                    yield new File(Path.of(value));
                }
            };
        }

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
