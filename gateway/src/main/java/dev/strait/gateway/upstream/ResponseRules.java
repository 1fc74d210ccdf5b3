package dev.strait.gateway.upstream;

import dev.strait.policy.traffic.HeaderEdits;
import java.util.function.IntPredicate;

/**
 * What an attempt does with the upstream's answer before the client sees it.
 *
 * @param dropStatus      answers with these statuses are dropped, so the call can be sent again
 *                        (the call's retry rules, while it has attempts left)
 * @param responseHeaders edits to the response headers the client gets
 */
record ResponseRules(IntPredicate dropStatus, HeaderEdits responseHeaders) {
    /** Every answer reaches the client as it is. */
    static final ResponseRules NONE = new ResponseRules(status -> false, HeaderEdits.NONE);
}
