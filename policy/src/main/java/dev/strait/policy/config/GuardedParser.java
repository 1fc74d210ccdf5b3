package dev.strait.policy.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Stands between snakeyaml-engine's parser and composer and refuses hostile documents while they
 * are read, before any node graph is built from them: nesting deeper than its depth limit, more
 * aliases to collections than its alias limit (for a config, {@link DocumentLimits#MAX_DEPTH} and
 * {@link DocumentLimits#MAX_COLLECTION_ALIASES}; drill scenarios use it with their own), and aliases to a collection from inside itself
 * (a recursive structure). It also remembers where explicit tags are: the composed nodes cannot
 * tell an explicit {@code !!str} from a resolved one.
 */
public final class GuardedParser implements Parser {
    private final Parser delegate;
    private final int maxDepth;
    private final int maxCollectionAliases;
    private final ExplicitTags explicitTags = new ExplicitTags();
    // The event that last defined each anchor: YAML allows redefining one.
    private final Map<String, NodeEvent> anchors = new HashMap<>();
    // The lists and mappings being read, innermost first.
    private final Deque<CollectionStartEvent> open = new ArrayDeque<>();
    private int collectionAliases;
    private Optional<Mark> lastMark = Optional.empty();

    GuardedParser(Parser delegate) {
        this(delegate, DocumentLimits.MAX_DEPTH, DocumentLimits.MAX_COLLECTION_ALIASES);
    }

    /** Throws {@link DocumentLimitException} past {@code maxDepth} levels or {@code maxCollectionAliases} aliases to collections. */
    public GuardedParser(Parser delegate, int maxDepth, int maxCollectionAliases) {
        this.delegate = delegate;
        this.maxDepth = maxDepth;
        this.maxCollectionAliases = maxCollectionAliases;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return delegate.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    @Override
    public Event next() {
        Event event = delegate.next();
        if (event.getStartMark().isPresent()) {
            lastMark = event.getStartMark();
        }
        switch (event) {
            case CollectionStartEvent start -> {
                start.getTag().ifPresent(tag -> rememberTag(start, tag));
                if (open.size() >= maxDepth) {
                    throw new DocumentLimitException(Position.of(start.getStartMark()),
                            "nesting deeper than " + maxDepth + " levels is not allowed");
                }
                start.getAnchor().ifPresent(anchor -> anchors.put(anchor.getValue(), start));
                open.push(start);
            }
            case CollectionEndEvent _ -> open.pop();
            case ScalarEvent scalar -> {
                scalar.getTag().ifPresent(tag -> rememberTag(scalar, tag));
                scalar.getAnchor().ifPresent(anchor -> anchors.put(anchor.getValue(), scalar));
            }
            case AliasEvent alias -> checkAlias(alias);
            default -> { }
        }
        return event;
    }

    private void checkAlias(AliasEvent alias) {
        String name = alias.getAlias().getValue();
        // An alias to an unknown anchor is the composer's to report, with its own message.
        if (!(anchors.get(name) instanceof CollectionStartEvent target)) {
            return;
        }
        Position at = Position.of(alias.getStartMark());
        if (open.contains(target)) {
            throw new DocumentLimitException(at, "alias '*" + name
                    + "' is inside the collection it refers to; recursive structures are not allowed");
        }
        if (++collectionAliases > maxCollectionAliases) {
            throw new DocumentLimitException(at, "more than " + maxCollectionAliases
                    + " aliases to lists or mappings; refusing a document that may expand exponentially"
                    + " (a 'billion laughs' attack)");
        }
    }

    private void rememberTag(NodeEvent event, String tag) {
        event.getStartMark().ifPresent(mark -> explicitTags.remember(mark, tag));
    }

    /** The explicit tags seen so far. */
    public ExplicitTags explicitTags() {
        return explicitTags;
    }

    /** Where the last event started: the best position for errors that snakeyaml-engine reports without one. */
    public Optional<Mark> lastMark() {
        return lastMark;
    }
}
