package dev.strait.policy.model;

import java.util.Objects;

/** One endpoint (instance) of a service in its region. */
public record EndpointConfig(EndpointId id, HostPort address) {
    public EndpointConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }
}
