package dev.strait.policy.config;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Refuses a document that would grow past a limit if every alias were expanded: the binder walks
 * aliased nodes once per use, so this bounds its work. A document within the alias limit can
 * still share one large mapping many times, and each level of sharing multiplies.
 *
 * <p>It counts without expanding: each distinct node's expanded size is computed once, from its
 * children's (the graph has no cycles; {@link GuardedParser} refuses recursive aliases).
 */
final class ExpansionCheck {
    private final Problems problems;
    private final long limit;

    ExpansionCheck(Problems problems, long limit) {
        this.problems = problems;
        this.limit = limit;
    }

    /** Whether the expanded document stays within the limit; if not, a problem at the first node past it. */
    boolean check(Node root) {
        Map<Node, Long> expanded = new IdentityHashMap<>();
        Set<Node> started = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.peek();
            if (expanded.containsKey(node)) {
                pending.pop();
                continue;
            }
            List<Node> children = children(node);
            boolean ready = children.stream().allMatch(expanded::containsKey);
            if (!ready && !started.add(node)) {
                // Its children were pushed above it and are still not done: one of them leads back to it.
                problems.add(Position.of(node), ElementPath.ROOT, "the document refers to itself; recursive structures are not allowed");
                return false;
            }
            if (!ready) {
                children.stream().filter(child -> !expanded.containsKey(child)).forEach(pending::push);
            } else {
                pending.pop();
                long size = 1;
                for (Node child : children) {
                    size = Math.min(limit + 1, size + expanded.get(child));
                }
                if (size > limit) {
                    problems.add(Position.of(node), ElementPath.ROOT, "the document holds more than " + limit
                            + " values once its aliases are expanded; refusing it");
                    return false;
                }
                expanded.put(node, size);
            }
        }
        return true;
    }

    private static List<Node> children(Node node) {
        return switch (node) {
            case MappingNode mapping -> mapping.getValue().stream()
                    .<Node>mapMulti((NodeTuple tuple, Consumer<Node> out) -> {
                        out.accept(tuple.getKeyNode());
                        out.accept(tuple.getValueNode());
                    })
                    .toList();
            case SequenceNode sequence -> sequence.getValue();
            default -> List.of();
        };
    }
}
