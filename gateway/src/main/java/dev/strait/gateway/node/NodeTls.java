package dev.strait.gateway.node;

import dev.strait.federation.peering.PeeringTls;
import dev.strait.gateway.tls.ClientAuth;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.gateway.upstream.ClientTlsContexts;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A node's TLS setups, all from its own certificate and the federation's trust bundle: the peer
 * listener (mutual TLS, verified chain required), connections to peer gateways (which must be
 * gateway nodes of the region called) and to the region's TLS endpoints (which must carry the
 * service's SPIFFE ID).
 */
final class NodeTls implements ClientTlsContexts, AutoCloseable {
    private final FederationConfig config;
    private final RegionName home;
    private final TlsMaterial identity;
    private final ConcurrentHashMap<Object, SslContextFactory.Client> clients = new ConcurrentHashMap<>();

    NodeTls(FederationConfig config, RegionName home, TlsMaterial identity) {
        this.config = config;
        this.home = home;
        this.identity = identity;
    }

    /** The identity for federation streams: the same gateway certificate and trust bundle. */
    PeeringTls peering() {
        return new PeeringTls(identity.privateKey(), identity.chain(), identity.trustedCertificates());
    }

    SslContextFactory.Server peerListener() {
        return SslContexts.server(identity, ClientAuth.NEED);
    }

    @Override
    public SslContextFactory.Client toPeerGateways(RegionName region) {
        Set<String> nodes = config.region(region).map(RegionConfig::nodes).orElseThrow().stream()
                .map(n -> n.id().value()).collect(Collectors.toUnmodifiableSet());
        return started(region, id -> id instanceof SpiffeId.Node node
                && node.trustDomain().equals(config.trustDomain())
                && node.region().equals(region)
                && nodes.contains(node.node().value()), true);
    }

    @Override
    public SslContextFactory.Client toEndpoints(ServiceName service, boolean mutual) {
        return started(new EndpointKey(service, mutual), id -> id instanceof SpiffeId.Service workload
                && workload.trustDomain().equals(config.trustDomain())
                && workload.region().equals(home)
                && workload.service().equals(service), mutual);
    }

    private record EndpointKey(ServiceName service, boolean mutual) {}

    private SslContextFactory.Client started(Object key, Predicate<SpiffeId> accept, boolean mutual) {
        return clients.computeIfAbsent(key, k -> {
            SslContextFactory.Client factory = mutual
                    ? SslContexts.client(identity, accept)
                    : SslContexts.client(identity.trustStore(), accept);
            try {
                factory.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up TLS towards " + k + ": " + e.getMessage(), e);
            }
            return factory;
        });
    }

    @Override
    public void close() throws Exception {
        for (SslContextFactory.Client factory : clients.values()) {
            factory.stop();
        }
    }
}
