package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.upstream.AttemptFailedException.Reach;
import dev.strait.policy.traffic.Backoff;
import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    @ParameterizedTest(name = "{0} {1}, body replayable {2}: moves on {3}")
    @CsvSource({
            // The target saw nothing: any method moves on while its body can be sent whole.
            "NOT_SENT,        POST,    true,  true",
            "NOT_SENT,        GET,     true,  true",
            "NOT_SENT,        POST,    false, false",
            // A peer gateway's region cannot serve: the same.
            "REFUSED_BY_PEER, POST,    true,  true",
            "REFUSED_BY_PEER, PATCH,   true,  true",
            "REFUSED_BY_PEER, GET,     false, false",
            // The target got it: only idempotent methods, and only with a replayable body.
            "SENT,            GET,     true,  true",
            "SENT,            HEAD,    true,  true",
            "SENT,            OPTIONS, true,  true",
            "SENT,            PUT,     true,  true",
            "SENT,            DELETE,  true,  true",
            "SENT,            TRACE,   true,  true",
            "SENT,            PUT,     false, false",
            "SENT,            POST,    true,  false",
            "SENT,            PATCH,   true,  false",
            "SENT,            CONNECT, true,  false",
            // The target answered with a status the rules retry on: as for SENT.
            "ANSWERED,        GET,     true,  true",
            "ANSWERED,        GET,     false, false",
            "ANSWERED,        POST,    true,  false",
            // The client has part of the response: never.
            "FINAL,           GET,     true,  false",
            "FINAL,           POST,    true,  false",
    })
    void withTheDefaultRulesMovesOnOnlyWhenThatCannotDoHarm(Reach reach, String method, boolean bodyReplayable, boolean movesOn) {
        assertThat(RetryPolicy.mayTryElsewhere(reach, method, bodyReplayable, RetryRules.DEFAULT)).isEqualTo(movesOn);
    }

    @ParameterizedTest(name = "on {0}: {1} {2} moves on {3}")
    @CsvSource({
            // Each reach moves on only when the rules name its condition...
            "connect-failure, NOT_SENT,        GET,  true",
            "reset,           NOT_SENT,        GET,  false",
            "refused,         REFUSED_BY_PEER, POST, true",
            "connect-failure, REFUSED_BY_PEER, GET,  false",
            "reset,           SENT,            GET,  true",
            "gateway-error,   SENT,            GET,  false",
            // ...and never repeats a non-idempotent call a server saw, whatever the rules say.
            "reset,           SENT,            POST, false",
    })
    void aRouteRetriesOnlyOnTheConditionsItNames(String condition, Reach reach, String method, boolean movesOn) {
        RetryRules rules = new RetryRules(3, Set.of(RetryOn.parse(condition).orElseThrow()), Set.of(), Backoff.NONE);

        assertThat(RetryPolicy.mayTryElsewhere(reach, method, true, rules)).isEqualTo(movesOn);
    }

    @ParameterizedTest(name = "on {0} {1}: {2} {3} is dropped {4}")
    @CsvSource({
            "5xx,              '',  GET,  500, true",
            "5xx,              '',  GET,  599, true",
            "5xx,              '',  GET,  429, false",
            "gateway-error,    '',  GET,  503, true",
            "gateway-error,    '',  GET,  500, false",
            "retriable-status, 409, PUT,  409, true",
            "retriable-status, 409, PUT,  410, false",
            "5xx,              '',  POST, 503, false",
    })
    void anAnswerIsDroppedOnlyForAStatusTheRulesRetryOnAndAnIdempotentMethod(String condition, String status, String method,
            int answered, boolean dropped) {
        Set<Integer> statuses = status.isEmpty() ? Set.of() : Set.of(Integer.parseInt(status));
        RetryRules rules = new RetryRules(3, Set.of(RetryOn.parse(condition).orElseThrow()), statuses, Backoff.NONE);

        assertThat(RetryPolicy.retriesStatus(answered, method, rules)).isEqualTo(dropped);
    }
}
