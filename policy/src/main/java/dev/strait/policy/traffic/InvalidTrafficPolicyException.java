package dev.strait.policy.traffic;

/**
 * Traffic policies that {@link CompiledTraffic#compile} refuses. The message names each service and
 * element and says what is expected.
 */
public final class InvalidTrafficPolicyException extends IllegalArgumentException {
    public InvalidTrafficPolicyException(String message) {
        super(message);
    }
}
