package dev.strait.gateway.faults;

import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The two things a fault does to a call, the same for a service's faults and a link's. */
final class FaultEffects {
    private FaultEffects() {}

    /** Whether a call falls in the {@code percent} in 100 that an effect applies to. */
    static boolean hits(RandomGenerator rolls, int percent) {
        return percent >= 100 || (percent > 0 && rolls.nextInt(100) < percent);
    }

    /** Holds the call for {@code duration}, the delay of fault {@code faultId}. */
    static void delay(FaultInjection.Pause pause, String faultId, Duration duration) throws GatewayException {
        try {
            pause.pause(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, "interrupted during the delay of fault '"
                    + faultId + "' (the gateway is stopping)", e);
        }
    }
}
