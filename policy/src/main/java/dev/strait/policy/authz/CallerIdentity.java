package dev.strait.policy.authz;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import java.util.Objects;
import java.util.Optional;

/**
 * The caller of a call as the authorization engine sees it: a verified SPIFFE ID, or anonymous.
 * Build one per request from what the identity stage authenticated (locally, or from
 * {@code x-strait-source} on a call from a peer gateway).
 */
public sealed interface CallerIdentity {
    /** The region the call comes from. */
    RegionName region();

    /** The caller's SPIFFE ID; empty for an anonymous caller. */
    Optional<SpiffeId> id();

    /** A caller that presented no identity; {@code region} is where the call entered the federation. */
    static CallerIdentity anonymous(RegionName region) {
        return new Anonymous(region);
    }

    /** A caller with a verified SPIFFE ID; the call comes from the ID's region. */
    static CallerIdentity authenticated(SpiffeId id) {
        return new Authenticated(id);
    }

    /** A caller that presented no identity; only {@code anonymous} in a rule's {@code from} matches it. */
    record Anonymous(RegionName region) implements CallerIdentity {
        public Anonymous {
            Objects.requireNonNull(region, "region");
        }

        @Override
        public Optional<SpiffeId> id() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "anonymous (" + region + ")";
        }
    }

    /**
     * A caller with a verified SPIFFE ID. Its region is the ID's region: a gateway asserts callers of
     * its own region only, so the two never differ.
     */
    record Authenticated(SpiffeId spiffeId) implements CallerIdentity {
        public Authenticated {
            Objects.requireNonNull(spiffeId, "spiffeId");
        }

        @Override
        public RegionName region() {
            return spiffeId.region();
        }

        @Override
        public Optional<SpiffeId> id() {
            return Optional.of(spiffeId);
        }

        @Override
        public String toString() {
            return spiffeId.uri();
        }
    }
}
