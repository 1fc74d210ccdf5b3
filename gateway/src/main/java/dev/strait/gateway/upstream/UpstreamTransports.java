package dev.strait.gateway.upstream;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The node's outgoing connection pools: one HTTP/2 client for peer gateways and HTTP/2 or gRPC
 * endpoints, and HTTP/1.1 clients for HTTP/1.1 endpoints (one plaintext, one per TLS service).
 */
public final class UpstreamTransports implements AutoCloseable {
    /**
     * Timeouts of the upstream side; retries and the timeouts for response headers are
     * {@link Forwarding.Settings}.
     *
     * @param ejection how long a target that failed (refused, reset, timed out) is avoided
     */
    public record Timeouts(Duration connect, Duration idle, Duration ejection) {
        public static Timeouts defaults() {
            return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5));
        }
    }

    private final Timeouts timeouts;
    private final ClientTlsContexts tls;
    private final QueuedThreadPool executor;
    private final ScheduledExecutorScheduler scheduler;
    private final HTTP2Client http2;
    private final HttpClient http1Plain;
    private final ConcurrentHashMap<SslContextFactory.Client, HttpClient> http1Tls = new ConcurrentHashMap<>();
    private final Http2Sessions sessions;
    private final InFlightAttempts inFlight = new InFlightAttempts();
    private final TargetBalancer balancer;

    public UpstreamTransports(String name, Timeouts timeouts, ClientTlsContexts tls) throws Exception {
        this.timeouts = timeouts;
        this.tls = tls;
        this.executor = new QueuedThreadPool(64, 4);
        executor.setName(name + "-upstream");
        executor.start();
        // One thread fires the timers of every call's wait for response headers.
        this.scheduler = new ScheduledExecutorScheduler(name + "-upstream-timer", true);
        scheduler.start();

        ClientConnector connector = new ClientConnector();
        connector.setExecutor(executor);
        connector.setConnectTimeout(timeouts.connect());
        connector.setIdleTimeout(timeouts.idle());
        this.http2 = new HTTP2Client(connector);
        http2.setMaxResponseHeadersSize(64 * 1024);
        // Large windows keep bulk transfers from stalling on WINDOW_UPDATE round trips.
        http2.setInitialSessionRecvWindow(16 * 1024 * 1024);
        http2.setInitialStreamRecvWindow(8 * 1024 * 1024);
        http2.start();
        this.sessions = new Http2Sessions(http2, timeouts.connect());
        this.balancer = new TargetBalancer(timeouts.ejection(), System::nanoTime);
        this.http1Plain = newHttp1Client(null);
    }

    /** Calls in flight right now to the upstream addresses {@code which} accepts (endpoints or peer gateways). */
    public int activeRequests(Predicate<HostPort> which) {
        return balancer.outstanding(which);
    }

    /** Open HTTP/2 connections (to peer gateways and HTTP/2 or gRPC endpoints), one per address and TLS setup. */
    public int openHttp2Connections() {
        return sessions.openSessions();
    }

    /** Open pooled HTTP/1.1 connections to endpoints, busy or idle. */
    public int openHttp1Connections() {
        int open = openConnections(http1Plain);
        for (HttpClient client : http1Tls.values()) {
            open += openConnections(client);
        }
        return open;
    }

    private static int openConnections(HttpClient client) {
        int open = 0;
        for (Destination destination : client.getDestinations()) {
            if (destination.getConnectionPool() instanceof AbstractConnectionPool pool) {
                open += pool.getActiveConnectionCount() + pool.getIdleConnectionCount();
            }
        }
        return open;
    }

    ClientTlsContexts tls() {
        return tls;
    }

    /**
     * Whether gateway {@code gateway} of {@code region} answers an HTTP/2 PING within {@code
     * timeout}, or, when it does not speak HTTP/2, a verified TLS handshake.
     */
    boolean ping(RegionName region, HostPort gateway, Duration timeout) {
        return sessions.ping(Http2Sessions.Key.toPeerGateway(gateway, tls.toPeerGateways(region)), timeout);
    }

    /**
     * Gives up on peer gateways that stopped answering pings: each is avoided as a target, the
     * attempts in flight to it fail, and its pooled HTTP/2 connection is closed at once (the next
     * ping opens a new one). All are avoided before any attempt fails, so that a call that is sent
     * again skips every one of them.
     */
    void abandon(Set<HostPort> gateways) {
        gateways.forEach(gateway -> balancer.eject(gateway, "gateway", "it stopped answering pings"));
        gateways.forEach(gateway -> inFlight.failAll(gateway, "gateway " + gateway + " stopped answering pings"));
        gateways.forEach(sessions::abandon);
    }

    /** Whether calls to peer gateway {@code gateway} go over HTTP/1.1: its last handshake selected no {@code h2}. */
    boolean peerSpeaksHttp1Only(HostPort gateway) {
        return sessions.speaksHttp1Only(gateway);
    }

    /** The pooled HTTP/1.1 client for gateways of {@code region} that do not speak HTTP/2. */
    HttpClient http1ToPeers(RegionName region) {
        return http1Tls.computeIfAbsent(tls.toPeerGateways(region), this::newHttp1ClientUnchecked);
    }

    /** Runs the timers of calls waiting for response headers. */
    Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Tells {@code listener} of every target this node starts avoiding after a call to it failed:
     * its address, kind ({@code endpoint} or {@code gateway}), for how long, and why.
     */
    public void onEjection(EjectionListener listener) {
        balancer.onEjection(listener::ejected);
    }

    /** Hears of ejections; see {@link #onEjection}. */
    @FunctionalInterface
    public interface EjectionListener {
        void ejected(HostPort target, String kind, Duration period, String cause);
    }

    TargetBalancer balancer() {
        return balancer;
    }

    Http2Forwarder http2Forwarder() {
        return new Http2Forwarder(sessions, inFlight, timeouts.idle());
    }

    Http1Forwarder http1Forwarder() {
        return new Http1Forwarder(timeouts.idle());
    }

    HttpClient http1(ServiceName service, UpstreamTls mode) {
        return switch (mode) {
            case PLAINTEXT -> http1Plain;
            case TLS, MTLS -> http1Tls.computeIfAbsent(tls.toEndpoints(service, mode == UpstreamTls.MTLS),
                    this::newHttp1ClientUnchecked);
        };
    }

    private HttpClient newHttp1ClientUnchecked(SslContextFactory.Client sslContextFactory) {
        try {
            return newHttp1Client(sslContextFactory);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start an HTTP/1.1 client: " + e.getMessage(), e);
        }
    }

    private HttpClient newHttp1Client(SslContextFactory.Client sslContextFactory) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(executor);
        connector.setConnectTimeout(timeouts.connect());
        connector.setIdleTimeout(timeouts.idle());
        if (sslContextFactory != null) {
            connector.setSslContextFactory(sslContextFactory);
        }
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // The response listeners (Http1Forwarder) never block: they hand chunks to non-blocking
        // writes and complete futures. Saying so lets the selector thread parse the endpoint's
        // response itself instead of handing every read to another thread.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        // A proxy passes bodies and headers through as they are: no decoding, redirects, cookies or agent.
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setDefaultRequestContentType(null);
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(4096);
        client.start();
        client.getContentDecoderFactories().clear();
        return client;
    }

    @Override
    public void close() throws Exception {
        for (HttpClient client : http1Tls.values()) {
            client.stop();
        }
        http1Plain.stop();
        http2.stop();
        scheduler.stop();
        executor.stop();
    }
}
