package dev.strait.gateway.deploy;

import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.config.Position;
import java.nio.file.Path;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The text of a config the loader has accepted (so its limits have been checked already), for
 * what the loaded records do not keep: where a key sits, so that a problem is still reported as
 * {@code FILE:LINE:COL}, and a path as written before the loader resolved it.
 */
final class ConfigSource {
    private final Path file;
    private final String text;
    private final Optional<Node> root;

    ConfigSource(Path file, String text) {
        this.file = file;
        this.text = text;
        this.root = new Compose(LoadSettings.builder().build()).composeString(text);
    }

    Path file() {
        return file;
    }

    /** The config exactly as written. */
    String text() {
        return text;
    }

    /** A problem at the value at {@code keys} (see {@link #position}); {@code element} names it as the loader does. */
    ConfigProblem problem(String element, String message, String... keys) {
        Position position = position(keys);
        return new ConfigProblem(file, position.line(), position.column(), element, message);
    }

    /** The scalar at {@code keys} as written, when it is written (not through a merge key). */
    Optional<String> scalar(String... keys) {
        Optional<Node> node = root;
        for (String key : keys) {
            node = node.flatMap(n -> entry(n, key)).map(NodeTuple::getValueNode);
        }
        return node.filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }

    /**
     * The position of the value at {@code keys} (such as {@code regions, us-east, nodes, gw-a,
     * host}), or of the deepest of them that is written in the text: a value that a merge key
     * brings in is reported at the mapping that merges it.
     */
    Position position(String... keys) {
        if (root.isEmpty()) {
            return Position.START;
        }
        Node current = root.get();
        Position found = Position.of(current);
        for (String key : keys) {
            Optional<NodeTuple> entry = entry(current, key);
            if (entry.isEmpty()) {
                return found;
            }
            current = entry.get().getValueNode();
            found = Position.of(current);
        }
        return found;
    }

    private static Optional<NodeTuple> entry(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        return mapping.getValue().stream()
                .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key))
                .findFirst();
    }
}
