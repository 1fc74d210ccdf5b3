package dev.strait.policy.config;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Checks that a mapping has exactly one of a set of keys, such as a path item's {@code exact},
 * {@code prefix} and {@code pattern}. Several are reported once, at the last of them in the
 * document (the one likely added to a working item); none at the mapping.
 */
final class ExclusiveKeys {
    private ExclusiveKeys() {}

    /**
     * The one key of {@code keys} the mapping has a value for; empty, and a problem, when it has none or several.
     *
     * @param rule the rule in words, for the messages: {@code a path needs exactly one of ...}
     */
    static Optional<String> one(MappingFields fields, Node node, ElementPath path, List<String> keys, String rule,
            BindContext context) {
        SourceMap sources = context.sources();
        List<String> present = keys.stream()
                .filter(fields::has)
                .sorted(Comparator.comparing(key -> sources.keyOf(path.key(key))))
                .toList();
        if (present.isEmpty()) {
            context.problems().add(Position.of(node), path, "missing " + listed(keys, "or") + " (" + rule + ")");
            return Optional.empty();
        }
        if (present.size() > 1) {
            ElementPath last = path.key(present.getLast());
            String set = present.size() == 2 ? "both " + listed(present, "and") + " are set" : listed(present, "and") + " are all set";
            context.problems().add(sources.keyOf(last), last, set + " (" + rule + ")");
            return Optional.empty();
        }
        return Optional.of(present.getFirst());
    }

    /** {@code 'a', 'b' or 'c'}. */
    private static String listed(List<String> keys, String conjunction) {
        List<String> quoted = keys.stream().map(key -> "'" + key + "'").toList();
        return quoted.size() == 1 ? quoted.getFirst()
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " " + conjunction + " " + quoted.getLast();
    }
}
