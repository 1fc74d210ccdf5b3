package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.upstream.AttemptFailedException.Reach;
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
            // The client has part of the response: never.
            "FINAL,           GET,     true,  false",
            "FINAL,           POST,    true,  false",
    })
    void movesOnOnlyWhenThatCannotDoHarm(Reach reach, String method, boolean bodyReplayable, boolean movesOn) {
        assertThat(RetryPolicy.mayTryElsewhere(reach, method, bodyReplayable)).isEqualTo(movesOn);
    }
}
