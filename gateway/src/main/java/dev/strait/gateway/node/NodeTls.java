package dev.strait.gateway.node;

import dev.strait.federation.peering.PeeringTls;
import dev.strait.gateway.server.GatewayServer;
import dev.strait.gateway.tls.ClientAuth;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.gateway.tls.TlsMaterialException;
import dev.strait.gateway.upstream.ClientTlsContexts;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A node's TLS setups, all from its own certificate and the federation's trust bundle: the peer
 * listener (mutual TLS, verified chain required), the local listener when it runs TLS, the
 * federation streams' server and clients, connections to peer gateways (which must be gateway
 * nodes of the region called) and to the region's TLS endpoints (which must carry the service's
 * SPIFFE ID, or its configured {@code upstreamIdentity}). {@link #reload} moves every one of them to new material at once; the same instances stay, so pools keyed by them keep their
 * connections, and only new handshakes see the change.
 */
final class NodeTls implements ClientTlsContexts, AutoCloseable {
    private final FederationConfig config;
    private final RegionName home;
    private final ConcurrentHashMap<Object, SslContextFactory.Client> clients = new ConcurrentHashMap<>();
    private final List<SslContextFactory.Server> servers = new CopyOnWriteArrayList<>();
    // Held to create a setup and to reload, so no setup is made from material a reload just replaced.
    private final ReentrantLock changes = new ReentrantLock();
    private final PeeringTls peering;
    private volatile TlsMaterial identity;

    NodeTls(FederationConfig config, RegionName home, TlsMaterial identity) {
        this.config = config;
        this.home = home;
        this.identity = identity;
        try {
            this.peering = new PeeringTls(identity.privateKey(), identity.chain(), identity.trustedCertificates());
        } catch (SSLException e) {
            throw new TlsMaterialException("cannot use the node's certificate for federation streams: " + e.getMessage(), e);
        }
    }

    /**
     * The identity for federation streams: the same gateway certificate and trust bundle, which
     * {@link #reload} moves along with the other setups.
     */
    PeeringTls peering() {
        return peering;
    }

    SslContextFactory.Server peerListener() {
        changes.lock();
        try {
            return followed(SslContexts.server(identity, ClientAuth.NEED));
        } finally {
            changes.unlock();
        }
    }

    /** How the local listener speaks, as {@code listener} asks; with TLS, it presents the node's certificate. */
    GatewayServer.LocalTransport localListener(LocalListener listener) {
        changes.lock();
        try {
            GatewayServer.LocalTransport transport = GatewayServer.LocalTransport.of(listener, identity);
            if (transport instanceof GatewayServer.LocalTransport.Tls tls) {
                followed(tls.tls());
            }
            return transport;
        } finally {
            changes.unlock();
        }
    }

    private SslContextFactory.Server followed(SslContextFactory.Server server) {
        servers.add(server);
        return server;
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

    /**
     * Endpoints must present the service's {@code upstreamIdentity} when its config at the node's
     * start sets one, else the service's own identity in this region.
     */
    @Override
    public SslContextFactory.Client toEndpoints(ServiceName service, boolean mutual) {
        SpiffeId.Service expected = config.region(home).flatMap(region -> region.service(service))
                .map(found -> found.expectedUpstreamIdentity(config.trustDomain(), home))
                .orElseGet(() -> SpiffeId.service(config.trustDomain(), home, service));
        return started(new EndpointKey(service, mutual), expected::equals, mutual);
    }

    /**
     * Makes every TLS setup of the node (listeners, federation streams, clients to peer gateways
     * and endpoints, the health prober's) use {@code material} for its next handshakes; open connections keep theirs.
     */
    void reload(TlsMaterial material) {
        changes.lock();
        try {
            // First, because it is the one that can refuse the material: then nothing has changed yet.
            try {
                peering.reload(material.privateKey(), material.chain(), material.trustedCertificates());
            } catch (SSLException e) {
                throw new TlsMaterialException("cannot use the new certificate for federation streams: " + e.getMessage(), e);
            }
            identity = material;
            for (SslContextFactory.Server server : servers) {
                SslContexts.reload(server, material);
            }
            for (SslContextFactory.Client client : clients.values()) {
                SslContexts.reload(client, material);
            }
        } finally {
            changes.unlock();
        }
    }

    private record EndpointKey(ServiceName service, boolean mutual) {}

    private SslContextFactory.Client started(Object key, Predicate<SpiffeId> accept, boolean mutual) {
        SslContextFactory.Client existing = clients.get(key);
        if (existing != null) {
            return existing;
        }
        changes.lock();
        try {
            return clients.computeIfAbsent(key, k -> {
                TlsMaterial now = identity;
                SslContextFactory.Client factory = mutual
                        ? SslContexts.client(now, accept)
                        : SslContexts.client(now.trustStore(), accept);
                try {
                    factory.start();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot set up TLS towards " + k + ": " + e.getMessage(), e);
                }
                return factory;
            });
        } finally {
            changes.unlock();
        }
    }

    @Override
    public void close() throws Exception {
        for (SslContextFactory.Client factory : clients.values()) {
            factory.stop();
        }
    }
}
