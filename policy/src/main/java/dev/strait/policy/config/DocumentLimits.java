package dev.strait.policy.config;

/**
 * The limits that keep a hostile config file from exhausting memory, CPU or stack. They are far
 * above what a real federation needs: a 50-region config with 10,000 endpoints is about 1 MiB.
 */
final class DocumentLimits {
    /** Files and texts above this size are refused before parsing. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    /** The same bound on what snakeyaml-engine reads, as a second line of defence. */
    static final int MAX_CODE_POINTS = 4 * 1024 * 1024;
    /** Deeper nesting is refused: the composer recurses once per level. */
    static final int MAX_DEPTH = 64;
    /** Aliases to lists and mappings beyond this refuse the document ("billion laughs"). */
    static final int MAX_COLLECTION_ALIASES = 50;
    /**
     * Nodes in the document once every alias is expanded. Within the alias limit a document can
     * still share one large mapping many times over; this keeps binding it linear in its size.
     */
    static final long MAX_EXPANDED_NODES = 1_000_000;
    /**
     * Items in one service's authorization rules: each rule, and each caller, method, path and
     * header in it. Rules are checked pairwise for overlaps, so their cost grows with the square
     * of this; a real service has dozens.
     */
    static final int MAX_AUTHORIZATION_ITEMS = 1_000;

    private DocumentLimits() {}
}
