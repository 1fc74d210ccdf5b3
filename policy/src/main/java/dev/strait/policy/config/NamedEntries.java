package dev.strait.policy.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A YAML mapping from names to elements, such as {@code regions}, {@code nodes} and
 * {@code services}, in document order. When a name appears twice the first wins;
 * {@link StructureCheck} reports the second.
 */
final class NamedEntries {
    /** One named element: the name as written, where the name is, its value and its path. */
    record Entry(String name, Node keyNode, Node value, ElementPath path) {}

    private NamedEntries() {}

    /** The entries of the mapping at {@code node}, or empty (and a problem) when it is not a mapping. */
    static Optional<List<Entry>> read(Node node, ElementPath path, String expected, BindContext context) {
        if (!(node instanceof MappingNode mapping)) {
            context.problems().add(Position.of(node), path, "expected " + expected + ", got " + NodeDescription.of(node));
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && names.add(key.getValue())) {
                ElementPath entryPath = path.key(key.getValue());
                context.sources().recordKey(entryPath, Position.of(key));
                context.sources().recordValue(entryPath, Position.of(tuple.getValueNode()));
                entries.add(new Entry(key.getValue(), key, tuple.getValueNode(), entryPath));
            }
        }
        return Optional.of(entries);
    }
}
