package dev.strait.gateway.server;

import dev.strait.federation.snapshot.SnapshotPublisher;
import dev.strait.gateway.admin.AdminApi;
import dev.strait.gateway.pipeline.CallObserver;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.tls.ClientAuth;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LocalListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.SessionContainer;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * A node's Jetty server with its three listeners: local (HTTP/1.1 and h2c, or mTLS with ALPN h2
 * and http/1.1; on one or more addresses), peer (mTLS with ALPN h2 and http/1.1) and admin. Calls run on virtual threads;
 * selectors and acceptors stay on a small platform pool.
 */
public final class GatewayServer implements AutoCloseable {
    // How long closing waits for admin calls in flight to be answered.
    private static final Duration ADMIN_ANSWERS_GRACE = Duration.ofSeconds(5);

    /**
     * Where the listeners bind and how much they take.
     *
     * @param additionalLocal more addresses of the local listener, each speaking as {@code local} does
     */
    public record Settings(HostPort local, HostPort peer, HostPort admin, int maxConcurrentCalls, int maxRequestHeaderBytes,
            List<HostPort> additionalLocal) {
        public Settings {
            additionalLocal = List.copyOf(additionalLocal);
        }

        /** Settings with a local listener on one address. */
        public Settings(HostPort local, HostPort peer, HostPort admin, int maxConcurrentCalls, int maxRequestHeaderBytes) {
            this(local, peer, admin, maxConcurrentCalls, maxRequestHeaderBytes, List.of());
        }

        public static Settings of(HostPort local, HostPort peer, HostPort admin) {
            return new Settings(local, peer, admin, 8192, 16 * 1024);
        }

        /** The same settings with the local listener also on {@code addresses}. */
        public Settings withAdditionalLocal(List<HostPort> addresses) {
            return new Settings(local, peer, admin, maxConcurrentCalls, maxRequestHeaderBytes, addresses);
        }
    }

    /** How the local listener speaks to the region's own workloads. */
    public sealed interface LocalTransport {
        /** The default: no TLS. */
        LocalTransport PLAINTEXT = new Plaintext();

        /** HTTP/1.1 and h2c (prior knowledge), no TLS. */
        record Plaintext() implements LocalTransport {}

        /** TLS with ALPN h2 and http/1.1; {@code tls} says whether client certificates are asked for or required. */
        record Tls(SslContextFactory.Server tls) implements LocalTransport {}

        /**
         * The transport {@code listener} asks for: with mutual TLS, the node's own certificate
         * ({@code identity}, the one the peer listener presents), trusting its trust bundle, and
         * client certificates required or only asked for.
         */
        static LocalTransport of(LocalListener listener, TlsMaterial identity) {
            if (!listener.mutualTls()) {
                return PLAINTEXT;
            }
            return new Tls(SslContexts.server(identity, listener.certificateRequired() ? ClientAuth.NEED : ClientAuth.WANT));
        }
    }

    private final Server server;
    // The first is the local listener's main address; all are added to the server when it opens.
    private final List<ServerConnector> localConnectors = new ArrayList<>();
    private final ReentrantLock localOpening = new ReentrantLock();
    private boolean localOpen; // Guarded by localOpening.
    private boolean takingCalls = true; // Guarded by localOpening.
    private final ServerConnector peerConnector;
    private final ServerConnector adminConnector;
    private final TlsConnectionCounter peerConnections = new TlsConnectionCounter();
    private final ExchangeHandler exchanges;
    private final CallsInFlight callsInFlight;
    private final CallsInFlight adminCallsInFlight;

    /** A server whose local listener is plaintext, and whose finished calls nobody observes. */
    public GatewayServer(String name, Settings settings, SnapshotPublisher snapshots, Pipeline pipeline,
            SslContextFactory.Server peerTls, AdminApi admin) {
        this(name, settings, snapshots, pipeline, CallObserver.NONE, LocalTransport.PLAINTEXT, peerTls, admin);
    }

    /**
     * A server whose local listener speaks as {@code local} says.
     *
     * @param calls told of every finished call on the local and peer listeners (metrics, access logs)
     */
    public GatewayServer(String name, Settings settings, SnapshotPublisher snapshots, Pipeline pipeline, CallObserver calls,
            LocalTransport local, SslContextFactory.Server peerTls, AdminApi admin) {
        QueuedThreadPool platform = new QueuedThreadPool();
        platform.setName(name + "-jetty");
        VirtualThreadPool callThreads = new VirtualThreadPool();
        callThreads.setName(name + "-call");
        callThreads.setMaxConcurrentTasks(settings.maxConcurrentCalls());
        platform.setVirtualThreadsExecutor(callThreads);
        this.server = new Server(platform);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Responses keep the Date of the endpoint that made them; a proxy adds none of its own.
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(settings.maxRequestHeaderBytes());
        // Encoded dot segments and empty segments are resolved by the gateway's own path
        // normalization (the upstream gets the result), so Jetty lets them through instead of refusing.
        http.setUriCompliance(UriCompliance.DEFAULT.with("strait-normalizes-paths",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));

        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // peers and workloads are named by SPIFFE IDs, not host names
        https.addCustomizer(secure);

        List<HostPort> localAddresses = new ArrayList<>();
        localAddresses.add(settings.local());
        localAddresses.addAll(settings.additionalLocal());
        for (HostPort address : localAddresses) {
            ServerConnector connector = switch (local) {
                case LocalTransport.Plaintext plaintext ->
                        new ServerConnector(server, new HttpConnectionFactory(http), tuned(new HTTP2CServerConnectionFactory(http)));
                case LocalTransport.Tls tls -> tlsConnector(tls.tls(), https);
            };
            connector.setName(Listeners.LOCAL);
            connector.setHost(address.host());
            connector.setPort(address.port());
            localConnectors.add(connector);
        }

        peerConnector = tlsConnector(peerTls, https);
        peerConnector.addBean(peerConnections);
        // Gateways of a region whose link a fault cuts cannot connect, and lose the connections they had.
        PeerLinkGuard linkGuard = new PeerLinkGuard(snapshots::current, System::currentTimeMillis);
        peerConnector.addBean(linkGuard);
        snapshots.subscribe(linkGuard::snapshotPublished);
        bind(peerConnector, Listeners.PEER, settings.peer());

        adminConnector = new ServerConnector(server, new HttpConnectionFactory(http));
        bind(adminConnector, "admin", settings.admin());

        exchanges = new ExchangeHandler(snapshots, pipeline, calls);
        callsInFlight = new CallsInFlight(exchanges);
        adminCallsInFlight = new CallsInFlight(new AdminHandler(admin));
        server.setHandler(new ConnectorDispatch(adminConnector, adminCallsInFlight, callsInFlight));
        server.setErrorHandler(new JsonErrorHandler());
    }

    /** A TLS connector with ALPN h2 and http/1.1 (the default for clients that offer no ALPN). */
    private ServerConnector tlsConnector(SslContextFactory.Server tls, HttpConfiguration https) {
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        return new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                tuned(new HTTP2ServerConnectionFactory(https)), new HttpConnectionFactory(https));
    }

    private static AbstractHTTP2ServerConnectionFactory tuned(AbstractHTTP2ServerConnectionFactory h2) {
        // Peer gateways multiplex many calls on one connection.
        h2.setMaxConcurrentStreams(1024);
        h2.setInitialSessionRecvWindow(16 * 1024 * 1024);
        h2.setInitialStreamRecvWindow(8 * 1024 * 1024);
        return h2;
    }

    private void bind(ServerConnector connector, String name, HostPort address) {
        connector.setName(name);
        connector.setHost(address.host());
        connector.setPort(address.port());
        server.addConnector(connector);
    }

    /** Starts every listener. */
    public void start() throws Exception {
        localOpening.lock();
        try {
            localConnectors.forEach(server::addConnector);
            localOpen = true;
        } finally {
            localOpening.unlock();
        }
        server.start();
    }

    /**
     * Starts the peer and admin listeners only; the local listener stays closed (its ports
     * refuse connections) until {@link #openLocal()}, so that a node still warming up takes no
     * calls it could not route yet.
     */
    public void startHoldingLocal() throws Exception {
        server.start();
    }

    /**
     * Opens the local listener on all its addresses, after {@link #startHoldingLocal()}; does
     * nothing when it is open already or the server stopped taking calls.
     */
    public void openLocal() throws Exception {
        localOpening.lock();
        try {
            if (localOpen || !takingCalls) {
                return;
            }
            localOpen = true;
            for (ServerConnector connector : localConnectors) {
                server.addConnector(connector);
                if (!connector.isStarted()) {
                    connector.start();
                }
            }
        } finally {
            localOpening.unlock();
        }
    }

    /** Whether the local listener is open (it may be held closed while the node warms up). */
    public boolean localOpen() {
        localOpening.lock();
        try {
            return localOpen;
        } finally {
            localOpening.unlock();
        }
    }

    /** The local listener's main port (its first); -1 while it is held closed. */
    public int localPort() {
        return localConnectors.getFirst().getLocalPort();
    }

    /** Every port of the local listener, the main one first; -1 for each while it is held closed. */
    public List<Integer> localPorts() {
        return localConnectors.stream().map(ServerConnector::getLocalPort).toList();
    }

    public int peerPort() {
        return peerConnector.getLocalPort();
    }

    public int adminPort() {
        return adminConnector.getLocalPort();
    }

    /** How many connections the peer listener has accepted since it started. */
    public long peerConnectionsAccepted() {
        return peerConnections.opened();
    }

    /** How many calls the peer listener has received since it started (each stream or request counts). */
    public long peerCallsReceived() {
        return exchanges.peerCallsReceived();
    }

    /**
     * Stops taking calls without failing any: the local and peer listeners close their listening
     * sockets (new connections are refused, so clients and peer gateways go to another node), open
     * HTTP/2 connections get a GOAWAY (streams already sent are served, new ones go elsewhere) and
     * HTTP/1.1 responses from now on carry {@code Connection: close}. The admin listener stays.
     */
    public void stopTakingCalls() {
        localOpening.lock();
        try {
            takingCalls = false;
        } finally {
            localOpening.unlock();
        }
        for (ServerConnector connector : callConnectors()) {
            // Shutting down would cut the idle timeout of open connections to a second, failing
            // calls whose upstream is quiet for longer; they keep the usual one instead.
            connector.setShutdownIdleTimeout(connector.getIdleTimeout());
            Graceful.shutdown(connector);
        }
    }

    /** Calls in flight on the local and peer listeners right now. */
    public int callsInFlight() {
        return callsInFlight.active();
    }

    /**
     * After {@link #stopTakingCalls()}, waits until every HTTP/2 connection of the local and peer
     * listeners has closed and no call is in flight, at most {@code within}; true when that
     * happened. An HTTP/2 connection closes once its last stream is done, with a final GOAWAY that
     * tells the client which streams were served, so a stream still on its way when the drain began
     * is either served or known to the client as never processed (and sent elsewhere).
     */
    public boolean awaitCallsFinished(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<CompletableFuture<Void>> http2Closed = new ArrayList<>();
        for (ServerConnector connector : callConnectors()) {
            // Started by stopTakingCalls(); asking again answers the same future.
            connector.getContainedBeans(SessionContainer.class).forEach(sessions -> http2Closed.add(sessions.shutdown()));
        }
        try {
            CompletableFuture.allOf(http2Closed.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // A connection that failed is closed all the same.
        }
        return callsInFlight.awaitNone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** The listeners that take calls: the local listener's addresses and the peer listener. */
    private List<ServerConnector> callConnectors() {
        List<ServerConnector> connectors = new ArrayList<>(localConnectors);
        connectors.add(peerConnector);
        return connectors;
    }

    @Override
    public void close() throws Exception {
        // The answer to the call that drained the node, for one, is written before the listener goes.
        adminCallsInFlight.awaitNone(ADMIN_ANSWERS_GRACE);
        server.stop();
        // A local listener opened after the server started may not be one the server stops.
        for (ServerConnector connector : localConnectors) {
            connector.stop();
        }
    }
}
