package dev.strait.gateway.drill.run;

/** Undoes one applied fault. */
@FunctionalInterface
interface Undo {
    Undo NOTHING = () -> {};

    void undo() throws Exception;
}
