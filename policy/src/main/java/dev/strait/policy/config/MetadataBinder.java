package dev.strait.policy.config;

import dev.strait.policy.model.EndpointConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a mapping of metadata keys to values: an endpoint's {@code metadata}, and the labels a
 * traffic subset selects endpoints by, which follow the same rules
 * ({@link EndpointConfig#checkMetadata}). A key that breaks them is reported at the key, a value at
 * the value; any scalar is a value, so {@code version: 2} is the string {@code "2"}.
 */
final class MetadataBinder {
    private final BindContext context;
    private final ValueReader values;

    MetadataBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
    }

    /**
     * The entries in document order, or empty when any is wrong (and reported).
     *
     * @param what what the mapping is, for messages, such as {@code endpoint metadata}
     */
    Optional<Map<String, String>> bind(Node node, ElementPath path, String what) {
        return NamedEntries.read(node, path, "a mapping of keys to values, such as { version: v1 }", context).flatMap(entries -> {
            if (entries.size() > EndpointConfig.MAX_METADATA_ENTRIES) {
                context.problems().add(Position.of(node), path, what + " has " + entries.size()
                        + " entries (expected: at most " + EndpointConfig.MAX_METADATA_ENTRIES + ")");
                return Optional.empty();
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            boolean valid = true;
            for (NamedEntries.Entry entry : entries) {
                Optional<String> value = values.string(entry.value(), entry.path(), "a value");
                // The empty value is always a valid one, so that a key is judged on its own.
                Optional<String> keyProblem = problemOf(what, entry.name(), "");
                keyProblem.ifPresent(message -> context.problems().add(Position.of(entry.keyNode()), entry.path(), message));
                Optional<String> valueProblem = keyProblem.isEmpty() && value.isPresent()
                        ? problemOf(what, entry.name(), value.get()) : Optional.empty();
                valueProblem.ifPresent(message -> context.problems().add(Position.of(entry.value()), entry.path(), message));
                if (value.isEmpty() || keyProblem.isPresent() || valueProblem.isPresent()) {
                    valid = false;
                } else {
                    metadata.put(entry.name(), value.get());
                }
            }
            return valid ? Optional.of(metadata) : Optional.empty();
        });
    }

    private static Optional<String> problemOf(String what, String key, String value) {
        try {
            EndpointConfig.checkMetadata(what, Map.of(key, value));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
