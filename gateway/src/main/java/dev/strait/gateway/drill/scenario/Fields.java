package dev.strait.gateway.drill.scenario;

import dev.strait.policy.config.NameSuggester;
import dev.strait.policy.config.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The keys of one YAML mapping, read as typed values. Unknown keys (with a "did you mean" hint),
 * duplicate keys, missing values and values of the wrong type are reported as they are met; each
 * reader returns empty after reporting, so binding goes on and every problem of a file is found.
 */
final class Fields {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

    private final Node node;
    private final String path;
    private final Problems problems;
    private final SourceMap sources;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private Fields(Node node, String path, Problems problems, SourceMap sources) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.sources = sources;
    }

    /** The mapping at {@code path}, accepting only {@code known} keys; empty (reported) when {@code node} is no mapping. */
    static Optional<Fields> of(Node node, String path, List<String> known, Problems problems, SourceMap sources) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(Position.of(node), path, "expected a mapping, got " + describe(node));
            return Optional.empty();
        }
        Fields fields = new Fields(node, path, problems, sources);
        sources.record(path, Position.of(node));
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || key.getTag().equals(Tag.NULL)) {
                problems.add(Position.of(tuple.getKeyNode()), path, "keys must be plain strings, not " + describe(tuple.getKeyNode()));
                continue;
            }
            String name = key.getValue();
            if (!known.contains(name)) {
                problems.add(Position.of(key), fields.child(name), "unknown key '" + name + "'" + NameSuggester.closest(name, known)
                        .map(k -> " (did you mean '" + k + "'?)")
                        .orElseGet(() -> " (expected one of: " + String.join(", ", known) + ")"));
                continue;
            }
            NodeTuple first = fields.entries.putIfAbsent(name, tuple);
            if (first != null) {
                problems.add(Position.of(key), fields.child(name), "duplicate key '" + name + "' (first defined at line "
                        + Position.of(first.getKeyNode()).line() + ")");
            } else {
                sources.record(fields.child(name), Position.of(tuple.getValueNode()));
            }
        }
        return Optional.of(fields);
    }

    String path() {
        return path;
    }

    Position position() {
        return Position.of(node);
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key}; empty when absent or null ({@code key:} with nothing after it). */
    Optional<Node> node(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** The value of {@code key}, reporting it when absent. */
    Optional<Node> required(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            problems.add(position(), path, "missing required key '" + key + "'");
            return Optional.empty();
        }
        if (isNull(tuple.getValueNode())) {
            problems.add(Position.of(tuple.getKeyNode()), child(key), "missing value for required key '" + key + "'");
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    Optional<String> string(Optional<Node> value, String key, String expected) {
        return value.flatMap(v -> {
            if (v instanceof ScalarNode scalar && !isNull(scalar)) {
                return Optional.of(scalar.getValue());
            }
            problems.add(Position.of(v), child(key), "expected " + expected + ", got " + describe(v));
            return Optional.empty();
        });
    }

    Optional<Duration> duration(Optional<Node> value, String key, boolean zeroAllowed) {
        return string(value, key, DurationText.EXPECTED).flatMap(text -> {
            Optional<Duration> duration = DurationText.parse(text);
            Position at = Position.of(value.get());
            if (duration.isEmpty()) {
                String hint = INTEGER.matcher(text).matches() ? " (add a unit: ms, s or m)" : "";
                problems.add(at, child(key), "expected " + DurationText.EXPECTED + ", got '" + shortened(text) + "'" + hint);
            } else if (!zeroAllowed && duration.get().isZero()) {
                problems.add(at, child(key), "duration '" + text + "' must be more than zero");
                return Optional.empty();
            }
            return duration;
        });
    }

    /** An integer, refusing quoted numbers: {@code "200"} is a string in YAML. */
    OptionalLong integer(Optional<Node> value, String key, String expected) {
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        Node v = value.get();
        if (v instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                return OptionalLong.of(Long.parseLong(scalar.getValue().replace("+", "")));
            } catch (NumberFormatException e) {
                problems.add(Position.of(v), child(key), "'" + shortened(scalar.getValue()) + "' is too large (expected: " + expected + ")");
                return OptionalLong.empty();
            }
        }
        problems.add(Position.of(v), child(key), "expected " + expected + ", got " + describe(v));
        return OptionalLong.empty();
    }

    /** A finite number, integer or decimal. */
    OptionalDouble number(Optional<Node> value, String key, String expected) {
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        Node v = value.get();
        if (v instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            try {
                double number = Double.parseDouble(scalar.getValue());
                if (Double.isFinite(number)) {
                    return OptionalDouble.of(number);
                }
            } catch (NumberFormatException e) {
                // Falls through: YAML's .inf and .nan, and integers Java does not read.
            }
        }
        problems.add(Position.of(v), child(key), "expected " + expected + ", got " + describe(v));
        return OptionalDouble.empty();
    }

    /** The items of a list, each with its path ({@code key[i]}); empty (reported) when the value is no list. */
    List<Item> list(Optional<Node> value, String key, String expected) {
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof SequenceNode sequence)) {
            problems.add(Position.of(value.get()), child(key), "expected " + expected + ", got " + describe(value.get()));
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String itemPath = child(key) + "[" + items.size() + "]";
            sources.record(itemPath, Position.of(item));
            items.add(new Item(item, itemPath));
        }
        return items;
    }

    void problem(Node at, String key, String message) {
        problems.add(Position.of(at), child(key), message);
    }

    void problem(String message) {
        problems.add(position(), path, message);
    }

    /** One list item and its path in the document. */
    record Item(Node node, String path) {}

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** What a node is, for "expected X, got Y" messages. */
    static String describe(Node node) {
        return switch (node) {
            case MappingNode _ -> "a mapping";
            case SequenceNode _ -> "a list";
            case ScalarNode scalar when scalar.getTag().equals(Tag.NULL) -> "nothing";
            case ScalarNode scalar when scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT) ->
                    "the number " + shortened(scalar.getValue());
            case ScalarNode scalar when scalar.getTag().equals(Tag.BOOL) -> "the boolean " + scalar.getValue();
            case ScalarNode scalar -> (scalar.isPlain() ? "the string '" : "the quoted string '") + shortened(scalar.getValue()) + "'";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
