package dev.strait.gateway.drill.scenario;

/**
 * The limits that keep a hostile scenario file from exhausting memory, CPU or stack, the same
 * kind as the federation config's. A real scenario is a few kilobytes.
 */
final class ScenarioLimits {
    /** Files above this size are refused before parsing. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Deeper nesting is refused: the composer recurses once per level. */
    static final int MAX_DEPTH = 32;
    /** Aliases to lists and mappings beyond this refuse the document ("billion laughs"). */
    static final int MAX_COLLECTION_ALIASES = 50;
    /** Nodes in the document once every alias is expanded: binding stays linear in the file's size. */
    static final long MAX_EXPANDED_NODES = 100_000;

    private ScenarioLimits() {}
}
