package dev.strait.federation.snapshot;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.util.List;

/** One place a call to a service can go, in failover order. */
public sealed interface Candidate {
    /** The region that would serve the call. */
    RegionName region();

    /** Healthy endpoints of the service in the gateway's own region. */
    record LocalEndpoints(RegionName region, ServiceName service, Protocol protocol, UpstreamTls upstreamTls,
            List<EndpointConfig> endpoints) implements Candidate {
        public LocalEndpoints {
            endpoints = List.copyOf(endpoints);
        }
    }

    /**
     * The gateway nodes of another region that serves the service, as that region last reported
     * over federation.
     *
     * @param healthyEndpoints the service's healthy endpoints there
     * @param stale            the region went silent: a last resort, after every fresh region
     */
    record RemoteRegion(RegionName region, List<HostPort> gateways, int healthyEndpoints, boolean stale) implements Candidate {
        public RemoteRegion {
            gateways = List.copyOf(gateways);
        }
    }
}
