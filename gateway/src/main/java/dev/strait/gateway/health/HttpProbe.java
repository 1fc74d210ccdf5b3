package dev.strait.gateway.health;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.health.Probe;
import dev.strait.gateway.upstream.ClientTlsContexts;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.UpstreamTls;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP check: a {@code GET} of the check's path on the endpoint, spoken the way the gateway
 * forwards to it (HTTP/1.1 for {@code http1}; h2c, or h2 over TLS, for {@code http2} and
 * {@code grpc}) with the service's upstream TLS mode, verifying the endpoint's SPIFFE ID and, for
 * mTLS, presenting the node's certificate. A 2xx answer within the check's timeout passes.
 *
 * <p>Connections are kept between checks: one client per protocol and TLS setup, closed by
 * {@link #close()}.
 */
public final class HttpProbe implements Probe, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpProbe.class);
    // Longer than any sensible check interval, so that checks reuse their connection.
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    // The request's own timeout (the check's) is what bounds a check; this only caps a hung connect.
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** One client's setup: HTTP/2 or HTTP/1.1, and the TLS towards the endpoint (null for plaintext). */
    private record ClientKey(boolean http2, SslContextFactory.Client tls) {}

    private final ClientTlsContexts tls;
    private final QueuedThreadPool executor;
    private final ConcurrentHashMap<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param tls the node's TLS setups; {@link ClientTlsContexts#toEndpoints} says how a TLS
     *            service's endpoints are verified, as for forwarded calls
     */
    public HttpProbe(ClientTlsContexts tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.executor = new QueuedThreadPool(16, 1);
        executor.setName("health-probe-http");
        try {
            executor.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the health probe's threads: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean check(ServiceConfig service, CatalogEndpoint endpoint, HealthCheck.Active check) {
        if (!(check instanceof HealthCheck.Http http) || closed) {
            return false;
        }
        try {
            ContentResponse response = client(service).newRequest(endpoint.address().host(), endpoint.address().port())
                    .scheme(service.upstreamTls() == UpstreamTls.PLAINTEXT ? "http" : "https")
                    .method(HttpMethod.GET)
                    .path(http.path())
                    .timeout(http.timeout().toNanos(), TimeUnit.NANOSECONDS)
                    .send();
            return response.getStatus() >= 200 && response.getStatus() < 300;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            LOG.debug("HTTP check of {} {} at {} failed: {}", service.name(), endpoint.id(), endpoint.address(), e.toString());
            return false;
        }
    }

    private HttpClient client(ServiceConfig service) {
        SslContextFactory.Client ssl = switch (service.upstreamTls()) {
            case PLAINTEXT -> null;
            case TLS -> tls.toEndpoints(service.name(), false);
            case MTLS -> tls.toEndpoints(service.name(), true);
        };
        return clients.computeIfAbsent(new ClientKey(service.protocol().isHttp2(), ssl), this::newClient);
    }

    private HttpClient newClient(ClientKey key) {
        var connector = new ClientConnector();
        connector.setExecutor(executor);
        connector.setConnectTimeout(CONNECT_TIMEOUT);
        connector.setIdleTimeout(IDLE_TIMEOUT);
        if (key.tls() != null) {
            connector.setSslContextFactory(key.tls());
        }
        // Over TLS the HTTP/2 transport asks for h2 by ALPN; in plaintext it speaks h2c by prior knowledge.
        HttpClientTransport transport = key.http2()
                ? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
                : new HttpClientTransportOverHTTP(connector);
        var client = new HttpClient(transport);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(2);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start an HTTP client for health checks: " + e.getMessage(), e);
        }
        return client;
    }

    /** Closes every client and its connections; checks after this fail. */
    @Override
    public void close() throws Exception {
        closed = true;
        for (HttpClient client : clients.values()) {
            client.stop();
        }
        clients.clear();
        executor.stop();
    }
}
