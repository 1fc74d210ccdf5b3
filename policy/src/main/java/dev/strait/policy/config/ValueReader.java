package dev.strait.policy.config;

import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TrustDomain;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
        if (!(node instanceof ScalarNode scalar) || !INTEGER.matcher(scalar.getValue()).matches()) {
            return problem(node, path, "expected an integer, got " + NodeDescription.of(node));
        }
        // Digits that do not resolve to an integer were quoted: YAML 1.2 makes them a string.
        if (!scalar.getTag().equals(Tag.INT)) {
            return problem(node, path, "expected an integer, got a quoted string "
                    + NodeDescription.quoted(scalar.getValue()) + " (remove the quotes)");
        }
        return portNumber(scalar.getValue()).or(() -> problem(node, path,
                "port " + NodeDescription.shortened(scalar.getValue()) + " is out of range (expected: 1-65535)"));
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
