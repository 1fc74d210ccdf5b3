package dev.strait.gateway.upstream;

import java.util.Set;

/**
 * Whether a call whose attempt failed may be sent to another target, from how far the attempt
 * got, the method, and whether the body can still be sent whole. It moves on only when that
 * cannot do harm:
 *
 * <pre>
 *  reach             moves on when
 *  NOT_SENT          the body can be replayed (nothing of it was read, or all of it is buffered)
 *  REFUSED_BY_PEER   the body can be replayed
 *  SENT              the method is idempotent and the body can be replayed
 *  FINAL             never
 * </pre>
 */
final class RetryPolicy {
    /** Methods whose effect is the same whether a server saw them once or more (RFC 9110 section 9.2.2). */
    static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private RetryPolicy() {}

    static boolean mayTryElsewhere(AttemptFailedException.Reach reach, String method, boolean bodyReplayable) {
        return switch (reach) {
            case NOT_SENT, REFUSED_BY_PEER -> bodyReplayable;
            case SENT -> bodyReplayable && IDEMPOTENT.contains(method);
            case FINAL -> false;
        };
    }
}
