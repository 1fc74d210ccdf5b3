package dev.strait.federation.health;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.ServiceConfig;

/**
 * One active check of one endpoint. Called on virtual threads, never twice at once for the same
 * endpoint, but concurrently for different ones, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface Probe {
    /**
     * Checks {@code endpoint} of {@code service} once, blocking until it knows; returns whether it
     * passed. Must return (false) within {@code check.timeout()}, and should report failures as
     * {@code false} rather than throw.
     */
    boolean check(ServiceConfig service, CatalogEndpoint endpoint, HealthCheck.Active check);
}
