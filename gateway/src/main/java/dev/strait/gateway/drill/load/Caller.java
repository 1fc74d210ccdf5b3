package dev.strait.gateway.drill.load;

import dev.strait.policy.model.RegionName;
import java.util.Optional;

/** Makes one call of a load and says what came back; blocking, called on the call's own virtual thread. */
interface Caller {
    Answer call();

    /** What one call got: the outcome, the serving region and the gateway error code. */
    record Answer(CallResult.Outcome outcome, Optional<RegionName> region, Optional<String> error) {
        static Answer noAnswer(String reason) {
            return new Answer(new CallResult.Outcome.NoAnswer(reason), Optional.empty(), Optional.empty());
        }

        /** The region named by a header value; a malformed one is treated as absent, not as a failure of the call. */
        static Optional<RegionName> region(String header) {
            if (header == null || header.isBlank()) {
                return Optional.empty();
            }
            try {
                return Optional.of(RegionName.of(header.trim()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
