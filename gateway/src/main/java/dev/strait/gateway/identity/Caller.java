package dev.strait.gateway.identity;

import dev.strait.policy.authz.CallerIdentity;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import java.util.Optional;

/** Who made a call, as far as the gateway could authenticate it. */
public sealed interface Caller {
    /** The region the caller is in. */
    RegionName region();

    /** The value of {@code x-strait-source} to send on, when the caller is authenticated. */
    Optional<String> sourceHeader();

    /** This caller as the authorization engine sees it. */
    CallerIdentity identity();

    /** A caller the gateway could not authenticate; it gets only what policy grants explicitly. */
    record Anonymous(RegionName region) implements Caller {
        @Override
        public Optional<String> sourceHeader() {
            return Optional.empty();
        }

        @Override
        public CallerIdentity identity() {
            return CallerIdentity.anonymous(region);
        }
    }

    /** A caller with a verified SPIFFE ID. */
    record Authenticated(SpiffeId id) implements Caller {
        @Override
        public RegionName region() {
            return id.region();
        }

        @Override
        public Optional<String> sourceHeader() {
            return Optional.of(id.uri());
        }

        @Override
        public CallerIdentity identity() {
            return CallerIdentity.authenticated(id);
        }
    }
}
