package dev.strait.federation.raft;

/**
 * The region's Raft group could not commit or serve a request in time: no leader, no quorum, or
 * this node cannot reach them. The outcome of a write that failed this way is unknown until the
 * region recovers; it was not reported as done.
 */
public final class RegionUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public RegionUnavailableException(String message) {
        super(message);
    }

    public RegionUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
