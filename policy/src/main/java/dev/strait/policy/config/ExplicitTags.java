package dev.strait.policy.config;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Which nodes of a composed document were written with an explicit tag ({@code !!str},
 * {@code !foo}, {@code !}). A composed node cannot say so itself: an explicit {@code !!str} and a
 * resolved plain string carry the same tag.
 */
public final class ExplicitTags {
    private static final String STANDARD_PREFIX = "tag:yaml.org,2002:";

    // Keyed by identity: the composer gives each node the very Mark of the event it came from.
    private final Map<Mark, String> tags = new IdentityHashMap<>();
    private Optional<Tagged> first = Optional.empty();

    /** A tag as the parser resolved it ({@code tag:yaml.org,2002:str} for {@code !!str}), and where it was written. */
    public record Tagged(Position at, String tag) {}

    void remember(Mark eventStart, String tag) {
        tags.put(eventStart, tag);
        if (first.isEmpty()) {
            first = Optional.of(new Tagged(Position.of(Optional.of(eventStart)), tag));
        }
    }

    /** The tag {@code node} was written with, in its short form ({@code !!python/object}), if any. */
    Optional<String> of(Node node) {
        return node.getStartMark().map(tags::get).map(ExplicitTags::shorthand);
    }

    /** The first explicit tag of the document, for a reader that allows none. */
    public Optional<Tagged> first() {
        return first;
    }

    boolean isEmpty() {
        return tags.isEmpty();
    }

    private static String shorthand(String tag) {
        return tag.startsWith(STANDARD_PREFIX) ? "!!" + tag.substring(STANDARD_PREFIX.length()) : tag;
    }
}
