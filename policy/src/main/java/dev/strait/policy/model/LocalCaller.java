package dev.strait.policy.model;

import java.util.Objects;

/**
 * A caller identity the plaintext local listener assigns by source address, since such a caller
 * presents no certificate: every caller from {@code from} is taken to be a workload of service
 * {@code service} of the region, {@code spiffe://<trustDomain>/region/<region>/service/<service>}.
 */
public record LocalCaller(AddressRange from, ServiceName service) {
    public LocalCaller {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(service, "service");
    }
}
