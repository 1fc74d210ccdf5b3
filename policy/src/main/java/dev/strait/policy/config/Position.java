package dev.strait.policy.config;

import java.util.Comparator;
import java.util.Optional;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** A 1-based line and column in a YAML file: a config, or a drill scenario. */
public record Position(int line, int column) implements Comparable<Position> {
    /** Where a problem goes when nothing more precise is known. */
    public static final Position START = new Position(1, 1);

    private static final Comparator<Position> ORDER =
            Comparator.comparingInt(Position::line).thenComparingInt(Position::column);

    /** snakeyaml-engine counts lines and columns from 0; editors and compilers count from 1. */
    public static Position of(Optional<Mark> mark) {
        return mark.map(m -> new Position(m.getLine() + 1, m.getColumn() + 1)).orElse(START);
    }

    public static Position of(Node node) {
        return of(node.getStartMark());
    }

    @Override
    public int compareTo(Position other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
