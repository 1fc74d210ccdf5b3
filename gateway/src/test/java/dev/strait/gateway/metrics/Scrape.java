package dev.strait.gateway.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The samples of one Prometheus text-format scrape (version 0.0.4), parsed as a scraper would. */
record Scrape(List<Sample> samples) {
    /** One line: a series (name and labels) and its value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space;
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < line.indexOf(' ')) {
                name = line.substring(0, brace);
                int i = brace + 1;
                while (line.charAt(i) != '}') {
                    int equals = line.indexOf('=', i);
                    String label = line.substring(i, equals).strip();
                    StringBuilder value = new StringBuilder();
                    int j = equals + 2; // past ="
                    while (line.charAt(j) != '"') {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char next = line.charAt(++j);
                            value.append(next == 'n' ? '\n' : next);
                        } else {
                            value.append(c);
                        }
                        j++;
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                space = i + 1;
            } else {
                space = line.indexOf(' ');
                name = line.substring(0, space);
            }
            String[] rest = line.substring(space).strip().split(" ");
            samples.add(new Sample(name, labels, parseValue(rest[0])));
        }
        return new Scrape(samples);
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** The value of the series {@code name} whose labels are exactly {@code labels}. */
    Optional<Double> value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).map(Sample::value).findFirst();
    }

    /** The samples named {@code name}. */
    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** How many series there are whose name starts with {@code prefix}. */
    long seriesStartingWith(String prefix) {
        return samples.stream().filter(s -> s.name().startsWith(prefix)).count();
    }
}
