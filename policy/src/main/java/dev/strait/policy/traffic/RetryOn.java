package dev.strait.policy.traffic;

import java.util.Optional;

/** A condition under which a failed attempt of a call is retried; each has a config spelling. */
public enum RetryOn {
    /** The target could not be reached, or refused the stream before seeing the request. */
    CONNECT_FAILURE("connect-failure"),
    /** A peer gateway answered {@code no_healthy_upstream}. */
    REFUSED("refused"),
    /** The target reset, closed or timed out after the request was sent. */
    RESET("reset"),
    /** The upstream answered 502, 503 or 504. */
    GATEWAY_ERROR("gateway-error"),
    /** The upstream answered any 5xx status. */
    SERVER_ERROR("5xx"),
    /** The upstream answered one of the statuses listed in {@link RetryRules#statuses()}. */
    RETRIABLE_STATUS("retriable-status");

    /** Every config spelling, for messages. */
    public static final String EXPECTED = "one of connect-failure, refused, reset, gateway-error, 5xx, retriable-status";

    private final String configName;

    RetryOn(String configName) {
        this.configName = configName;
    }

    /** How the condition is spelled in config. */
    public String configName() {
        return configName;
    }

    /** The condition spelled {@code name} in config (exactly, case-sensitively), empty when there is none. */
    public static Optional<RetryOn> parse(String name) {
        for (RetryOn condition : values()) {
            if (condition.configName.equals(name)) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return configName;
    }
}
