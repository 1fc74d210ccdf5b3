package dev.strait.policy.config;

import java.nio.file.Path;

/**
 * One problem found in a config file, with where it is.
 *
 * @param file    the file
 * @param line    1-based line
 * @param column  1-based column
 * @param element the element's path in the document, such as {@code regions.us-east.failover[1]}
 *                (empty for the document itself)
 * @param message what is wrong and, where it helps, what was expected
 */
public record ConfigProblem(Path file, int line, int column, String element, String message) {
    /** {@code FILE:LINE:COL: element: message}, the form editors and CI logs link to. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (element.isEmpty() ? "" : element + ": ") + message;
    }
}
