package dev.strait.gateway.drill.scenario;

import dev.strait.policy.config.DocumentLimitException;
import dev.strait.policy.config.ExplicitTags;
import dev.strait.policy.config.GuardedParser;
import dev.strait.policy.config.Position;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads scenario YAML into a node graph with positions (snakeyaml-engine's compose step: no objects
 * are constructed, so no tag can instantiate anything), refusing hostile documents while they are
 * read, with the federation config's {@link GuardedParser} and the scenario's own limits: nesting
 * deeper than {@link ScenarioLimits#MAX_DEPTH}, too many aliases to collections, recursive aliases,
 * explicit tags, and documents that expand beyond {@link ScenarioLimits#MAX_EXPANDED_NODES} nodes.
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
        GuardedParser guard = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text)),
                ScenarioLimits.MAX_DEPTH, ScenarioLimits.MAX_COLLECTION_ALIASES);
        try {
            Optional<Node> root = new Composer(settings, guard).getSingleNode();
            if (root.isEmpty()) {
                problems.add(Position.START, "", "the document is empty (expected: a mapping with 'drill', 'duration' and 'load')");
                return Optional.empty();
            }
            Optional<ExplicitTags.Tagged> tag = guard.explicitTags().first();
            if (tag.isPresent()) {
                problems.add(tag.get().at(), "", "YAML tags are not allowed (found '" + tag.get().tag() + "')");
                return Optional.empty();
            }
            if (expandedSize(root.get(), new IdentityHashMap<>()) > ScenarioLimits.MAX_EXPANDED_NODES) {
                problems.add(Position.START, "", "the document expands to more than " + ScenarioLimits.MAX_EXPANDED_NODES
                        + " nodes through its aliases; refusing it");
                return Optional.empty();
            }
            return root;
        } catch (DocumentLimitException e) {
            problems.add(e.position(), "", e.getMessage());
        } catch (MarkedYamlEngineException e) {
            boolean second = e instanceof ComposerException && e.getContext() != null
                    && e.getContext().startsWith("expected a single document");
            Position at = Position.of(e.getProblemMark().or(e::getContextMark).or(guard::lastMark));
            problems.add(at, "", second ? "a scenario file holds one YAML document, but a second one starts here"
                    : "malformed YAML: " + (e.getProblem() == null ? e.getMessage() : e.getProblem().strip()));
        } catch (YamlEngineException e) {
            problems.add(Position.of(guard.lastMark()), "", "cannot read YAML: " + e.getMessage());
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
}
