package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.GatewayException;

/**
 * One attempt to carry a call to one target failed; says how far the call got, which decides
 * whether it may be sent to another target.
 */
final class AttemptFailedException extends Exception {
    /** How far the call got before the attempt failed. */
    enum Reach {
        /** No connection or stream was opened: the target saw nothing. */
        NOT_SENT,
        /** A peer gateway refused it before serving it: its region has no healthy endpoint. */
        REFUSED_BY_PEER,
        /** The target received the call (or may have). */
        SENT,
        /** The client already has part of a response, or its own request failed: nothing can be retried. */
        FINAL
    }

    private final GatewayException error;
    private final Reach reach;

    AttemptFailedException(GatewayException error, Reach reach) {
        super(error.getMessage(), error);
        this.error = error;
        this.reach = reach;
    }

    GatewayException error() {
        return error;
    }

    Reach reach() {
        return reach;
    }
}
