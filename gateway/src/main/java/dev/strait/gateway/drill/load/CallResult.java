package dev.strait.gateway.drill.load;

import dev.strait.policy.model.RegionName;
import java.util.Objects;
import java.util.Optional;

/**
 * One call a load made, or was due to make.
 *
 * <p>Times follow the open-loop schedule: {@code startNanos} is when the call was <em>due</em>
 * (not when a thread got round to it), and {@code latencyNanos} runs from that due time to the
 * end of the call, so a stalled system shows up as latency instead of as fewer calls.
 *
 * @param load         the {@code LoadSpec} name
 * @param startNanos   when the call was due, in nanoseconds from the start of the drill
 * @param latencyNanos from the due time to the answer (or to giving up); 0 when not sent
 * @param outcome      what came back
 * @param region       the serving region, from {@code x-strait-region}
 * @param error        the gateway error code from {@code x-strait-error}; for gRPC without one, the
 *                     name of a non-OK status (such as {@code UNAVAILABLE})
 */
public record CallResult(String load, long startNanos, long latencyNanos, Outcome outcome, Optional<RegionName> region,
        Optional<String> error) {
    public CallResult {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(error, "error");
        if (startNanos < 0 || latencyNanos < 0) {
            throw new IllegalArgumentException("call times " + startNanos + "/" + latencyNanos
                    + " are out of range (expected: offsets of 0 or more nanoseconds)");
        }
    }

    /** A call that was due while {@code concurrency} calls were in flight. */
    public static CallResult notSent(String load, long startNanos) {
        return new CallResult(load, startNanos, 0, new Outcome.NotSent(), Optional.empty(), Optional.empty());
    }

    /**
     * Whether the call failed: no answer, a 5xx, a gateway error or a non-OK gRPC status. A call
     * that was not sent counts as failed too: the caller wanted an answer and got none, and a
     * stalled system must not look healthy because the generator stopped sending.
     */
    public boolean failed() {
        return switch (outcome) {
            case Outcome.NotSent _, Outcome.NoAnswer _ -> true;
            case Outcome.Http http -> http.status() >= 500 || error.isPresent();
            case Outcome.Grpc grpc -> grpc.code() != 0 || error.isPresent();
        };
    }

    /** Whether the call went out (so it has a latency and maybe a serving region). */
    public boolean sent() {
        return !(outcome instanceof Outcome.NotSent);
    }

    /** Whether {@code region} served the call. */
    public boolean servedBy(RegionName candidate) {
        return region.filter(candidate::equals).isPresent();
    }

    /** What came back from a call. */
    public sealed interface Outcome {
        /** An HTTP answer with this status. */
        record Http(int status) implements Outcome {}

        /** A gRPC answer with this status code (0 is OK). */
        record Grpc(int code) implements Outcome {}

        /** No answer: refused, reset or timed out; {@code reason} says which. */
        record NoAnswer(String reason) implements Outcome {
            public NoAnswer {
                Objects.requireNonNull(reason, "reason");
            }
        }

        /** Not sent: {@code concurrency} calls were in flight when it was due. */
        record NotSent() implements Outcome {}
    }
}
