package dev.strait.gateway.node;

import dev.strait.gateway.accesslog.AccessLogSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one node runs, beyond what the federation config says: settings of the machine it runs on
 * rather than of the region ({@code strait run} flags).
 *
 * @param accessLog    where the node writes its access log
 * @param adminToken   the bearer token mutating admin calls must carry; empty for none (then the
 *                     admin listener must be bound to loopback)
 * @param drainTimeout how long a drain waits for calls in flight before the node stops anyway
 */
public record NodeOptions(AccessLogSettings accessLog, Optional<String> adminToken, Duration drainTimeout) {
    /** No access log, no admin token, 30 s to drain. */
    public static final NodeOptions DEFAULTS = new NodeOptions(AccessLogSettings.OFF, Optional.empty(), Duration.ofSeconds(30));

    public NodeOptions {
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout " + drainTimeout + " is negative (expected: zero or more)");
        }
    }

    /** Never shows the token: options end up in logs and error messages. */
    @Override
    public String toString() {
        return "NodeOptions[accessLog=" + accessLog + ", adminToken=" + (adminToken.isPresent() ? "(set)" : "(none)")
                + ", drainTimeout=" + drainTimeout + "]";
    }

    public NodeOptions withAccessLog(AccessLogSettings settings) {
        return new NodeOptions(settings, adminToken, drainTimeout);
    }

    public NodeOptions withAdminToken(String token) {
        return new NodeOptions(accessLog, Optional.of(token), drainTimeout);
    }

    public NodeOptions withDrainTimeout(Duration timeout) {
        return new NodeOptions(accessLog, adminToken, timeout);
    }
}
