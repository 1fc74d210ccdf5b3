package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.GatewayException;

/**
 * One attempt to carry a call to one target failed; says how far the call got, which decides
 * whether it may be sent to another target, and whether the target itself failed, which decides
 * whether it is ejected.
 */
final class AttemptFailedException extends Exception {
    /** How far the call got before the attempt failed. */
    enum Reach {
        /** No connection or stream was opened, or the upstream refused the stream unprocessed: the target saw nothing. */
        NOT_SENT,
        /** A peer gateway refused it before serving it: its region has no healthy endpoint. */
        REFUSED_BY_PEER,
        /** The target received the call (or may have). */
        SENT,
        /** The target answered with a status the call's retry rules retry on; the answer was dropped. */
        ANSWERED,
        /** The client already has part of a response, or its own request failed: nothing can be retried. */
        FINAL
    }

    private final GatewayException error;
    private final Reach reach;
    private final boolean targetFailed;

    /** A failure that blames the target only when it was never reached (it could not be connected to). */
    AttemptFailedException(GatewayException error, Reach reach) {
        this(error, reach, reach == Reach.NOT_SENT);
    }

    /**
     * @param targetFailed whether the target itself failed (refused, reset, timed out), so calls
     *                     should avoid it for a while
     */
    AttemptFailedException(GatewayException error, Reach reach, boolean targetFailed) {
        super(error.getMessage(), error, false, false);
        this.error = error;
        this.reach = reach;
        this.targetFailed = targetFailed;
    }

    GatewayException error() {
        return error;
    }

    Reach reach() {
        return reach;
    }

    /** Whether the target failed (connection refused or reset, stream reset, timeout), so it is ejected. */
    boolean targetFailed() {
        return targetFailed;
    }
}
