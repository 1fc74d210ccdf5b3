package dev.strait.policy.config;

import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.ComposerException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML text into a node graph with positions (snakeyaml-engine's compose step: no objects
 * are constructed, so no tag can instantiate anything). Every failure becomes a problem with the
 * position snakeyaml-engine gives for it.
 */
final class YamlTreeReader {
    // Per reader, so that nothing is shared between loads on different threads.
    private final LoadSettings settings = LoadSettings.builder()
            .setLabel("config")
            .setSchema(new CoreSchema())
            // Duplicate and non-scalar keys are reported by StructureCheck, all of them and with
            // positions; snakeyaml-engine would stop at the first, and without a position.
            .setAllowDuplicateKeys(true)
            .setAllowNonScalarKeys(true)
            .setAllowRecursiveKeys(false)
            // GuardedParser enforces the same limit first, with the alias's position.
            .setMaxAliasesForCollections(DocumentLimits.MAX_COLLECTION_ALIASES)
            .setCodePointLimit(DocumentLimits.MAX_CODE_POINTS)
            .setParseComments(false)
            .setUseMarks(true)
            .build();

    /** The document in {@code text}, or empty when it could not be read (the problems say why). */
    Optional<ComposedDocument> read(String text, Problems problems) {
        GuardedParser parser = new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text)));
        try {
            Optional<Node> root = new Composer(settings, parser).getSingleNode();
            if (root.isEmpty()) {
                problems.add(Position.START, ElementPath.ROOT,
                        "the document is empty (expected: a mapping with 'federation', 'trustDomain' and 'regions')");
            }
            return root.map(node -> new ComposedDocument(node, parser.explicitTags()));
        } catch (DocumentLimitException e) {
            problems.add(e.position(), ElementPath.ROOT, e.getMessage());
        } catch (MarkedYamlEngineException e) {
            String message = isSecondDocument(e)
                    ? "a config file holds one YAML document, but a second one starts here"
                    : "malformed YAML: " + describe(e);
            problems.add(position(e, parser), ElementPath.ROOT, message);
        } catch (ReaderException e) {
            problems.add(positionOfCodePoint(text, e.getPosition()), ElementPath.ROOT,
                    "malformed YAML: " + e.getMessage() + String.format(" (U+%04X)", e.getCodePoint()));
        } catch (YamlEngineException e) {
            // Unmarked failures, such as the code point limit: the last event read is the best guess.
            problems.add(Position.of(parser.lastMark()), ElementPath.ROOT, "cannot read YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean isSecondDocument(MarkedYamlEngineException e) {
        return e instanceof ComposerException && e.getContext() != null && e.getContext().startsWith("expected a single document");
    }

    private static Position position(MarkedYamlEngineException e, GuardedParser parser) {
        Optional<Mark> mark = e.getProblemMark().or(e::getContextMark).or(parser::lastMark);
        return Position.of(mark);
    }

    /** snakeyaml-engine's problem, then what it was doing and where that started. */
    private static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        String context = e.getContext() == null ? "" : e.getContext().strip();
        if (context.isEmpty()) {
            return problem;
        }
        String where = e.getContextMark().map(m -> " started at " + Position.of(e.getContextMark())).orElse("");
        return problem + " (" + context + where + ")";
    }

    /** ReaderException counts code points from the start of the text, without lines. */
    private static Position positionOfCodePoint(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int offset = 0;
        for (int i = 0; i < codePointIndex && offset < text.length(); i++) {
            int codePoint = text.codePointAt(offset);
            offset += Character.charCount(codePoint);
            if (codePoint == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Position(line, column);
    }
}
