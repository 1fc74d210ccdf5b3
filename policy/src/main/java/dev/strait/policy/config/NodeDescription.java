package dev.strait.policy.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** How messages show a value that was not what they expected: {@code got a list}, {@code got 'abc'}. */
final class NodeDescription {
    private static final int MAX_SHOWN = 40;

    private NodeDescription() {}

    static String of(Node node) {
        return switch (node) {
            case MappingNode _ -> "a mapping";
            case SequenceNode _ -> "a list";
            case ScalarNode scalar when scalar.getTag().equals(Tag.NULL) -> "nothing";
            case ScalarNode scalar -> quoted(scalar.getValue());
            default -> "something else";
        };
    }

    /** {@code 'value'}, {@link #shortened}. */
    static String quoted(String value) {
        return "'" + shortened(value) + "'";
    }

    /** The value, cut short so that a hostile value cannot flood a message. */
    static String shortened(String value) {
        return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "...";
    }
}
