package dev.strait.gateway.drill.scenario;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in a scenario file, with where it is.
 *
 * @param file    the scenario file
 * @param line    1-based line
 * @param column  1-based column
 * @param element the element's path in the document, such as {@code timeline[1].fault.region}
 *                (empty for the document itself)
 * @param message what is wrong and, where it helps, what was expected
 */
public record ScenarioProblem(Path file, int line, int column, String element, String message) {
    public ScenarioProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(element, "element");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE:COL: element: message}, the form editors and CI logs link to. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (element.isEmpty() ? "" : element + ": ") + message;
    }
}
