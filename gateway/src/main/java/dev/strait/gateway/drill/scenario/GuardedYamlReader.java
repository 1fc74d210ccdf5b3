package dev.strait.gateway.drill.scenario;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads scenario YAML into a node graph with positions (snakeyaml-engine's compose step: no objects
 * are constructed, so no tag can instantiate anything), refusing hostile documents while they are
 * read: nesting deeper than {@link ScenarioLimits#MAX_DEPTH}, too many aliases to collections,
 * recursive aliases, explicit tags, and documents that expand beyond
 * {@link ScenarioLimits#MAX_EXPANDED_NODES} nodes.
 */
final class GuardedYamlReader {
    private final LoadSettings settings = LoadSettings.builder()
            .setLabel("scenario")
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(true) // reported by the binder, every one and with positions
            .setAllowNonScalarKeys(true)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(ScenarioLimits.MAX_COLLECTION_ALIASES)
            .setCodePointLimit(ScenarioLimits.MAX_BYTES)
            .setParseComments(false)
            .setUseMarks(true)
            .build();

    /** The document's root node, or empty when it could not be read (the problems say why). */
    Optional<Node> read(String text, Problems problems) {
        Guard guard = new Guard(new ParserImpl(settings, new StreamReader(settings, text)));
        try {
            Optional<Node> root = new Composer(settings, guard).getSingleNode();
            if (root.isEmpty()) {
                problems.add(Position.START, "", "the document is empty (expected: a mapping with 'drill', 'duration' and 'load')");
                return Optional.empty();
            }
            if (guard.tag.isPresent()) {
                problems.add(guard.tagAt, "", "YAML tags are not allowed (found '" + guard.tag.get() + "')");
                return Optional.empty();
            }
            if (expandedSize(root.get(), new IdentityHashMap<>()) > ScenarioLimits.MAX_EXPANDED_NODES) {
                problems.add(Position.START, "", "the document expands to more than " + ScenarioLimits.MAX_EXPANDED_NODES
                        + " nodes through its aliases; refusing it");
                return Optional.empty();
            }
            return root;
        } catch (LimitExceeded e) {
            problems.add(e.position, "", e.getMessage());
        } catch (MarkedYamlEngineException e) {
            boolean second = e instanceof ComposerException && e.getContext() != null
                    && e.getContext().startsWith("expected a single document");
            Position at = Position.of(e.getProblemMark().or(e::getContextMark).or(() -> guard.lastMark));
            problems.add(at, "", second ? "a scenario file holds one YAML document, but a second one starts here"
                    : "malformed YAML: " + (e.getProblem() == null ? e.getMessage() : e.getProblem().strip()));
        } catch (YamlEngineException e) {
            problems.add(Position.of(guard.lastMark), "", "cannot read YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Nodes once every alias is expanded, counting each shared node once per reference; stops early past the limit. */
    private static long expandedSize(Node node, Map<Node, Long> sizes) {
        Long known = sizes.get(node);
        if (known != null) {
            return known;
        }
        long size = 1;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                size += expandedSize(tuple.getKeyNode(), sizes) + expandedSize(tuple.getValueNode(), sizes);
                if (size > ScenarioLimits.MAX_EXPANDED_NODES) {
                    break;
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                size += expandedSize(item, sizes);
                if (size > ScenarioLimits.MAX_EXPANDED_NODES) {
                    break;
                }
            }
        }
        sizes.put(node, size);
        return size;
    }

    /** A limit hit while the document is read; unchecked because it is thrown from inside the composer. */
    private static final class LimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Position position;

        LimitExceeded(Position position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    /** Stands between the parser and the composer and refuses hostile structure before it is built. */
    private static final class Guard implements Parser {
        private final Parser delegate;
        private final Map<String, NodeEvent> anchors = new HashMap<>();
        private final Deque<CollectionStartEvent> open = new ArrayDeque<>();
        private int collectionAliases;
        private Optional<org.snakeyaml.engine.v2.exceptions.Mark> lastMark = Optional.empty();
        private Optional<String> tag = Optional.empty();
        private Position tagAt = Position.START;

        Guard(Parser delegate) {
            this.delegate = delegate;
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
                    start.getTag().ifPresent(t -> rememberTag(start, t));
                    if (open.size() >= ScenarioLimits.MAX_DEPTH) {
                        throw new LimitExceeded(Position.of(start.getStartMark()),
                                "nesting deeper than " + ScenarioLimits.MAX_DEPTH + " levels is not allowed");
                    }
                    start.getAnchor().ifPresent(anchor -> anchors.put(anchor.getValue(), start));
                    open.push(start);
                }
                case CollectionEndEvent _ -> open.pop();
                case ScalarEvent scalar -> {
                    scalar.getTag().ifPresent(t -> rememberTag(scalar, t));
                    scalar.getAnchor().ifPresent(anchor -> anchors.put(anchor.getValue(), scalar));
                }
                case AliasEvent alias -> checkAlias(alias);
                default -> { }
            }
            return event;
        }

        private void rememberTag(NodeEvent event, String found) {
            if (tag.isEmpty()) {
                tag = Optional.of(found);
                tagAt = Position.of(event.getStartMark());
            }
        }

        private void checkAlias(AliasEvent alias) {
            String name = alias.getAlias().getValue();
            if (!(anchors.get(name) instanceof CollectionStartEvent target)) {
                return;
            }
            Position at = Position.of(alias.getStartMark());
            if (open.contains(target)) {
                throw new LimitExceeded(at, "alias '*" + name + "' is inside the collection it refers to;"
                        + " recursive structures are not allowed");
            }
            if (++collectionAliases > ScenarioLimits.MAX_COLLECTION_ALIASES) {
                throw new LimitExceeded(at, "more than " + ScenarioLimits.MAX_COLLECTION_ALIASES
                        + " aliases to lists or mappings; refusing a document that may expand exponentially"
                        + " (a 'billion laughs' attack)");
            }
        }
    }
}
