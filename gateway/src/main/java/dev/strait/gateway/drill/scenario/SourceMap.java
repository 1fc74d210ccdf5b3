package dev.strait.gateway.drill.scenario;

import dev.strait.policy.config.Position;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each element of a loaded scenario came from, by its path in the document (such as
 * {@code timeline[1].fault.region}), so that checks of the bound records, including the checks
 * against a federation, still point at the right line and column.
 */
final class SourceMap {
    private final Path file;
    private final Map<String, Position> positions = new HashMap<>();

    SourceMap(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void record(String element, Position position) {
        positions.putIfAbsent(element, position);
    }

    boolean has(String element) {
        return positions.containsKey(element);
    }

    /** Where {@code element} is; else where its closest recorded parent is; else the start of the file. */
    Position of(String element) {
        String path = element;
        while (!path.isEmpty()) {
            Position position = positions.get(path);
            if (position != null) {
                return position;
            }
            path = parent(path);
        }
        return Position.START;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
