package dev.strait.gateway.upstream;

import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import java.util.Set;

/**
 * Whether a call whose attempt failed may be sent to another target, from how far the attempt
 * got, the method, whether the body can still be sent whole, and the call's retry rules. It
 * moves on only when that cannot do harm, and the rules retry on what happened:
 *
 * <pre>
 *  reach             moves on when                                          rule condition
 *  NOT_SENT          the body can be replayed                               connect-failure
 *  REFUSED_BY_PEER   the body can be replayed                               refused
 *  SENT              the method is idempotent and the body can be replayed  reset
 *  ANSWERED          the method is idempotent and the body can be replayed  5xx, gateway-error, retriable-status
 *  FINAL             never
 * </pre>
 *
 * A call that might repeat a non-idempotent request at a server that saw it is never retried,
 * whatever the rules say.
 */
final class RetryPolicy {
    /** Methods whose effect is the same whether a server saw them once or more (RFC 9110 section 9.2.2). */
    static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

    private RetryPolicy() {}

    static boolean mayTryElsewhere(AttemptFailedException.Reach reach, String method, boolean bodyReplayable, RetryRules rules) {
        return switch (reach) {
            case NOT_SENT -> bodyReplayable && rules.retriesOn(RetryOn.CONNECT_FAILURE);
            case REFUSED_BY_PEER -> bodyReplayable && rules.retriesOn(RetryOn.REFUSED);
            case SENT -> bodyReplayable && IDEMPOTENT.contains(method) && rules.retriesOn(RetryOn.RESET);
            case ANSWERED -> bodyReplayable && IDEMPOTENT.contains(method);
            case FINAL -> false;
        };
    }

    /** Whether an answer with {@code status} is one to drop so the call can be sent again. */
    static boolean retriesStatus(int status, String method, RetryRules rules) {
        return IDEMPOTENT.contains(method) && rules.retriesStatus(status);
    }
}
