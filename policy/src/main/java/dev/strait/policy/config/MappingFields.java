package dev.strait.policy.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping being bound to a record: its keys checked against those the record accepts,
 * and its values handed to readers that report what is wrong with them.
 *
 * <p>An empty value ({@code key:}, {@code null} or {@code ~}) counts as absent, as in most YAML
 * tools. When a key appears twice, the first wins; {@link StructureCheck} reports the second.
 */
final class MappingFields {
    private final Node node;
    private final ElementPath path;
    private final Map<String, NodeTuple> tuples;
    private final BindContext context;

    private MappingFields(Node node, ElementPath path, Map<String, NodeTuple> tuples, BindContext context) {
        this.node = node;
        this.path = path;
        this.tuples = tuples;
        this.context = context;
    }

    /** The mapping at {@code node} with its unknown keys reported, or empty when it is not a mapping. */
    static Optional<MappingFields> of(Node node, ElementPath path, List<String> accepted, BindContext context) {
        if (!(node instanceof MappingNode mapping)) {
            context.problems().add(Position.of(node), path, "expected a mapping, got " + NodeDescription.of(node));
            return Optional.empty();
        }
        Map<String, NodeTuple> tuples = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            // Non-scalar keys are StructureCheck's to report; they can never be a known key.
            if (tuple.getKeyNode() instanceof ScalarNode key && tuples.putIfAbsent(key.getValue(), tuple) == null
                    && !accepted.contains(key.getValue())) {
                context.problems().add(Position.of(key), path.key(key.getValue()), unknownKey(key.getValue(), accepted));
            }
        }
        return Optional.of(new MappingFields(node, path, tuples, context));
    }

    /** Whether the key is present with a value. */
    boolean has(String key) {
        return value(key).isPresent();
    }

    /** The key's value read by {@code reader}; a problem at the mapping when the key is absent. */
    <T> Optional<T> required(String key, BiFunction<Node, ElementPath, Optional<T>> reader) {
        NodeTuple tuple = tuples.get(key);
        if (tuple == null) {
            context.problems().add(Position.of(node), path, "missing required key '" + key + "'");
            return Optional.empty();
        }
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            context.problems().add(Position.of(tuple.getKeyNode()), path.key(key), "missing value for required key '" + key + "'");
            return Optional.empty();
        }
        return reader.apply(value.get(), path.key(key));
    }

    /**
     * The key's value read by {@code reader}, or {@code defaultValue} when the key is absent. Empty
     * only when the value was present and wrong (and reported).
     */
    <T> Optional<T> optional(String key, BiFunction<Node, ElementPath, Optional<T>> reader, T defaultValue) {
        Optional<Node> value = value(key);
        return value.isPresent() ? reader.apply(value.get(), path.key(key)) : Optional.of(defaultValue);
    }

    /** The key's value, recording where it is; empty when the key is absent or its value is. */
    private Optional<Node> value(String key) {
        NodeTuple tuple = tuples.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        context.sources().recordKey(path.key(key), Position.of(tuple.getKeyNode()));
        context.sources().recordValue(path.key(key), Position.of(tuple.getValueNode()));
        return Optional.of(tuple.getValueNode());
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static String unknownKey(String key, List<String> accepted) {
        return "unknown key " + NodeDescription.quoted(key) + NameSuggester.closest(key, accepted)
                .map(known -> " (did you mean '" + known + "'?)")
                .orElseGet(() -> " (expected one of: " + String.join(", ", accepted) + ")");
    }
}
