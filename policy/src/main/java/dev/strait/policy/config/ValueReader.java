package dev.strait.policy.config;

import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TrustDomain;
import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads typed values out of YAML nodes. Each method returns the value, or reports what is wrong
 * at the node's position and returns empty; none throws on bad input.
 */
final class ValueReader {
    /** A list item as the document has it: its node and its path, such as {@code failover[1]}. */
    record Item(Node node, ElementPath path) {}

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final String DOTTED_NAME = "lower-case DNS labels joined by '.'";

    private final BindContext context;

    ValueReader(BindContext context) {
        this.context = context;
    }

    /** Any scalar but null, as its text: YAML 1.2 reads {@code 2024} as an integer, but it is a fine name. */
    Optional<String> string(Node node, ElementPath path, String expected) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return Optional.of(scalar.getValue());
        }
        return problem(node, path, "expected " + expected + ", got " + NodeDescription.of(node));
    }

    /** A name that must be a DNS label, such as a federation's; {@code kind} says which. */
    Optional<String> label(Node node, ElementPath path, String kind) {
        return string(node, path, "a " + kind).flatMap(value -> DnsLabel.isValid(value)
                ? Optional.of(value)
                : problem(node, path, notLabel(kind, value)));
    }

    /** The message for a name that is not a DNS label, also used for names written as keys. */
    static String notLabel(String kind, String value) {
        return kind + " " + NodeDescription.quoted(value) + " is not a DNS label (expected: " + DnsLabel.RULE + ")";
    }

    Optional<TrustDomain> trustDomain(Node node, ElementPath path) {
        return string(node, path, "a trust domain").flatMap(value -> TrustDomain.isValid(value)
                ? Optional.of(new TrustDomain(value))
                : problem(node, path, "trust domain " + NodeDescription.quoted(value)
                        + " is not valid (expected: " + DOTTED_NAME + ", such as strait.example)"));
    }

    Optional<String> meshSuffix(Node node, ElementPath path) {
        return string(node, path, "a mesh suffix").flatMap(value -> isDottedName(value)
                ? Optional.of(value)
                : problem(node, path, "mesh suffix " + NodeDescription.quoted(value)
                        + " is not valid (expected: " + DOTTED_NAME + ", such as mesh or mesh.internal)"));
    }

    Optional<String> host(Node node, ElementPath path) {
        return string(node, path, "a host").flatMap(value -> HostSyntax.isValid(value)
                ? Optional.of(value)
                : problem(node, path, NodeDescription.quoted(value) + " is not an IP address or host name"));
    }

    /** A path as written; the binder resolves relative ones against the config's directory. */
    Optional<Path> path(Node node, ElementPath path) {
        return string(node, path, "a path").flatMap(value -> {
            if (value.isBlank()) {
                return problem(node, path, "expected a path, got ''");
            }
            try {
                return Optional.of(Path.of(value));
            } catch (InvalidPathException e) {
                return problem(node, path, NodeDescription.quoted(value) + " is not a valid path (" + e.getReason() + ")");
            }
        });
    }

    /** A TCP port, 1 to 65535, written as a plain decimal integer. */
    Optional<Integer> port(Node node, ElementPath path) {
        return integerText(node, path).flatMap(text -> portNumber(text).or(() -> problem(node, path,
                "port " + NodeDescription.shortened(text) + " is out of range (expected: 1-65535)")));
    }

    /** A count such as a threshold: a plain decimal integer from {@code min} to {@code max}. */
    Optional<Long> count(Node node, ElementPath path, long min, long max) {
        return integerText(node, path).flatMap(text -> {
            String digits = text.replaceFirst("^[-+]?0*", "");
            boolean negative = text.startsWith("-") && !digits.isEmpty();
            // A hostile value can be megabytes of digits; past nineteen it is beyond any long, so it is not parsed.
            boolean tooSmall;
            boolean tooLarge;
            if (digits.length() > 19) {
                tooSmall = negative;
                tooLarge = !negative;
            } else {
                BigInteger value = new BigInteger((negative ? "-" : "") + (digits.isEmpty() ? "0" : digits));
                tooSmall = value.compareTo(BigInteger.valueOf(min)) < 0;
                tooLarge = value.compareTo(BigInteger.valueOf(max)) > 0;
            }
            if (tooSmall) {
                return problem(node, path, NodeDescription.shortened(text) + " is too small (expected: at least " + min + ")");
            }
            if (tooLarge) {
                return problem(node, path, NodeDescription.shortened(text) + " is too large (expected: at most " + max + ")");
            }
            return Optional.of(Long.parseLong(text));
        });
    }

    /** An integer's digits when the node is a plain decimal integer; else a problem. */
    private Optional<String> integerText(Node node, ElementPath path) {
        if (!(node instanceof ScalarNode scalar) || !INTEGER.matcher(scalar.getValue()).matches()) {
            return problem(node, path, "expected an integer, got " + NodeDescription.of(node));
        }
        // Digits that do not resolve to an integer were quoted: YAML 1.2 makes them a string.
        if (!scalar.getTag().equals(Tag.INT)) {
            return problem(node, path, "expected an integer, got a quoted string "
                    + NodeDescription.quoted(scalar.getValue()) + " (remove the quotes)");
        }
        return Optional.of(scalar.getValue());
    }

    /** A duration of more than zero, as {@link DurationSyntax} writes it: {@code 500ms}, {@code 2s}, {@code 1m}. */
    Optional<Duration> duration(Node node, ElementPath path) {
        return duration(node, path, (value, duration) -> duration.isZero()
                ? Optional.of("duration " + NodeDescription.quoted(value) + " must be more than zero")
                : Optional.empty());
    }

    /** A duration from {@code min} to {@code max}, both included; zero only when {@code min} is zero. */
    Optional<Duration> duration(Node node, ElementPath path, Duration min, Duration max) {
        return duration(node, path, (value, duration) -> {
            if (duration.compareTo(min) < 0) {
                return Optional.of("duration " + NodeDescription.quoted(value) + " is too short (expected: at least "
                        + DurationSyntax.format(min) + ")");
            }
            if (duration.compareTo(max) > 0) {
                return Optional.of("duration " + NodeDescription.quoted(value) + " is too long (expected: at most "
                        + DurationSyntax.format(max) + ")");
            }
            return Optional.empty();
        });
    }

    /** A duration in the format's syntax, refused with the message {@code check} gives for it as written, if any. */
    private Optional<Duration> duration(Node node, ElementPath path, BiFunction<String, Duration, Optional<String>> check) {
        return string(node, path, DurationSyntax.EXPECTED).flatMap(value -> {
            if (!DurationSyntax.matches(value)) {
                // A bare number is the likeliest slip, and its fix is not obvious from the example alone.
                String hint = INTEGER.matcher(value).matches() ? " (add a unit: ms, s or m)" : "";
                return problem(node, path, "expected " + DurationSyntax.EXPECTED + ", got " + NodeDescription.of(node) + hint);
            }
            Optional<Duration> duration = DurationSyntax.parse(value);
            if (duration.isEmpty()) {
                return problem(node, path, "duration " + NodeDescription.quoted(value) + " is too large");
            }
            Optional<String> refused = check.apply(value, duration.get());
            return refused.isPresent() ? problem(node, path, refused.get()) : duration;
        });
    }

    /** A number of bytes, zero or more: a plain integer, or a whole number with a unit as {@link ByteSizeSyntax} writes it. */
    Optional<Long> byteSize(Node node, ElementPath path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT) && INTEGER.matcher(scalar.getValue()).matches()) {
            return count(node, path, 0, Long.MAX_VALUE);
        }
        return string(node, path, ByteSizeSyntax.EXPECTED).flatMap(value -> {
            if (!ByteSizeSyntax.matches(value)) {
                return problem(node, path, "expected " + ByteSizeSyntax.EXPECTED + ", got " + NodeDescription.of(node));
            }
            return ByteSizeSyntax.parse(value).or(() -> problem(node, path,
                    "size " + NodeDescription.quoted(value) + " is too large"));
        });
    }

    /** {@code true} or {@code false}, as YAML 1.2 writes them (so not {@code yes} or {@code on}). */
    Optional<Boolean> bool(Node node, ElementPath path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Optional.of(Boolean.parseBoolean(scalar.getValue()));
        }
        return problem(node, path, "expected true or false, got " + NodeDescription.of(node));
    }

    /** One of an enum's config spellings, with the list of them when it is not. */
    <E extends Enum<E>> Optional<E> choice(Node node, ElementPath path, String kind, E[] values, Function<E, String> spelling) {
        String expected = Arrays.stream(values).map(spelling).collect(Collectors.joining(", "));
        return string(node, path, "one of: " + expected).flatMap(value -> Arrays.stream(values)
                .filter(candidate -> spelling.apply(candidate).equals(value))
                .findFirst()
                .or(() -> problem(node, path, "unknown " + kind + " " + NodeDescription.quoted(value)
                        + " (expected one of: " + expected + ")")));
    }

    /** A list; its items are for the caller to read. Which of them bound is the caller's to record. */
    Optional<List<Item>> list(Node node, ElementPath path, String expected) {
        if (!(node instanceof SequenceNode sequence)) {
            return problem(node, path, "expected " + expected + ", got " + NodeDescription.of(node));
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            ElementPath itemPath = path.index(i);
            context.sources().recordValue(itemPath, Position.of(item));
            items.add(new Item(item, itemPath));
        }
        return Optional.of(items);
    }

    /**
     * A list of region names. Items that are not names are reported and left out; whether the
     * others name real regions is for {@link RegionReferenceRule} to check.
     */
    Optional<List<RegionName>> regionNames(Node node, ElementPath path) {
        return list(node, path, "a list of region names").map(items -> {
            List<RegionName> names = new ArrayList<>();
            List<ElementPath> bound = new ArrayList<>();
            for (Item item : items) {
                label(item.node(), item.path(), "region name").ifPresent(name -> {
                    names.add(new RegionName(name));
                    bound.add(item.path());
                });
            }
            context.sources().recordItems(path, bound);
            return names;
        });
    }

    /** An endpoint address: {@code host:port}, with IPv6 hosts in brackets. */
    Optional<HostPort> address(Node node, ElementPath path) {
        return string(node, path, "an address (host:port)").flatMap(value -> {
            Optional<HostAndPort> parts = HostAndPort.split(value);
            if (parts.isEmpty()) {
                return problem(node, path, "address " + NodeDescription.quoted(value)
                        + " is not host:port (such as 10.0.0.7:8080, or [::1]:8080 for IPv6)");
            }
            String host = parts.get().host();
            if (!HostSyntax.isValid(host)) {
                return problem(node, path, "address " + NodeDescription.quoted(value) + " has host "
                        + NodeDescription.quoted(host) + ", which is not an IP address or host name");
            }
            String port = parts.get().port();
            return portNumber(port).map(number -> new HostPort(host, number))
                    .or(() -> problem(node, path, "address " + NodeDescription.quoted(value) + ": " + (INTEGER.matcher(port).matches()
                            ? "port " + NodeDescription.shortened(port) + " is out of range (expected: 1-65535)"
                            : "port " + NodeDescription.quoted(port) + " is not an integer")));
        });
    }

    /** The two halves of {@code host:port} before either is checked. */
    private record HostAndPort(String host, String port) {
        static Optional<HostAndPort> split(String value) {
            if (value.startsWith("[")) {
                int close = value.indexOf("]:");
                return close > 1 ? Optional.of(new HostAndPort(value.substring(1, close), value.substring(close + 2)))
                        : Optional.empty();
            }
            int colon = value.lastIndexOf(':');
            // A second colon means an IPv6 host without brackets: which colon ends the host is a guess.
            if (colon <= 0 || value.indexOf(':') != colon) {
                return Optional.empty();
            }
            return Optional.of(new HostAndPort(value.substring(0, colon), value.substring(colon + 1)));
        }
    }

    private static Optional<Integer> portNumber(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return Optional.empty();
        }
        long port = text.length() > 12 ? Long.MAX_VALUE : Long.parseLong(text);
        return port >= 1 && port <= 65535 ? Optional.of((int) port) : Optional.empty();
    }

    private static boolean isDottedName(String value) {
        return value.length() <= 253 && Arrays.stream(value.split("\\.", -1)).allMatch(DnsLabel::isValid);
    }

    private <T> Optional<T> problem(Node node, ElementPath path, String message) {
        context.problems().add(Position.of(node), path, message);
        return Optional.empty();
    }
}
