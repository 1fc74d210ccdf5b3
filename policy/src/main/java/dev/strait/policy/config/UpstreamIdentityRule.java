package dev.strait.policy.config;

import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a service's {@code upstreamIdentity} is of the federation's trust domain: the node
 * trusts only its own trust bundle, so an endpoint could never present an identity of another.
 */
final class UpstreamIdentityRule implements ConfigRule {
    private final Optional<TrustDomain> trustDomain;

    /** @param trustDomain the federation's, when it bound; without it, nothing is checked */
    UpstreamIdentityRule(Optional<TrustDomain> trustDomain) {
        this.trustDomain = trustDomain;
    }

    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        if (trustDomain.isEmpty()) {
            return;
        }
        for (RegionConfig region : regions) {
            for (ServiceConfig service : region.services()) {
                Optional<SpiffeId.Service> id = service.upstreamIdentity();
                if (id.isPresent() && !id.get().trustDomain().equals(trustDomain.get())) {
                    ElementPath element = ElementPath.service(region.name(), service.name()).key("upstreamIdentity");
                    problems.add(sources.valueOf(element), element, "trust domain '" + id.get().trustDomain()
                            + "' is not the federation's trust domain '" + trustDomain.get()
                            + "', so no endpoint could present this identity (expected: spiffe://" + trustDomain.get() + "/...)");
                }
            }
        }
    }
}
