package dev.strait.policy.config;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks what the format does not depend on, in every mapping of a composed document including
 * ones the binder never reads: explicit tags, duplicate keys and non-scalar keys. It visits each
 * node once however many aliases lead to it, and iterates rather than recurses, so a shared or
 * deep graph costs no more than its size.
 */
final class StructureCheck {
    private record Visit(Node node, ElementPath path) {}

    private final Problems problems;

    StructureCheck(Problems problems) {
        this.problems = problems;
    }

    /**
     * Reports what it finds, and answers whether the document may be bound: not when it carries
     * explicit tags, which mark it as written for something other than a Strait config.
     */
    boolean check(ComposedDocument document) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Visit> pending = new ArrayDeque<>();
        pending.push(new Visit(document.root(), ElementPath.ROOT));
        boolean tagged = false;
        while (!pending.isEmpty()) {
            Visit visit = pending.pop();
            if (!seen.add(visit.node())) {
                continue;
            }
            Optional<String> tag = document.explicitTags().of(visit.node());
            if (tag.isPresent()) {
                problems.add(Position.of(visit.node()), visit.path(),
                        "YAML tags are not allowed (found '" + tag.get() + "')");
                tagged = true;
            }
            switch (visit.node()) {
                case MappingNode mapping -> checkMapping(mapping, visit.path(), pending);
                case SequenceNode sequence -> {
                    List<Node> items = sequence.getValue();
                    for (int i = items.size() - 1; i >= 0; i--) {
                        pending.push(new Visit(items.get(i), visit.path().index(i)));
                    }
                }
                default -> { }
            }
        }
        return !tagged;
    }

    private void checkMapping(MappingNode mapping, ElementPath path, Deque<Visit> pending) {
        Map<String, Node> firstKeys = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue().reversed()) {
            pending.push(new Visit(tuple.getValueNode(), path.key(keyText(tuple.getKeyNode()))));
            pending.push(new Visit(tuple.getKeyNode(), path.key(keyText(tuple.getKeyNode()))));
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problems.add(Position.of(key), path,
                        "keys must be plain strings, not " + NodeDescription.of(key));
                continue;
            }
            Node first = firstKeys.putIfAbsent(scalar.getValue(), key);
            if (first != null) {
                problems.add(Position.of(key), path.key(scalar.getValue()), "duplicate key '"
                        + scalar.getValue() + "' (first defined at line " + Position.of(first).line() + ")");
            }
        }
    }

    private static String keyText(Node key) {
        return key instanceof ScalarNode scalar ? scalar.getValue() : "?";
    }
}
