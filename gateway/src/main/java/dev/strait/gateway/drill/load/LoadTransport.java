package dev.strait.gateway.drill.load;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The connections of a drill's loads: one shared HTTP client and one gRPC channel per target.
 *
 * <p>The HTTP client is Jetty's rather than {@code java.net.http}: Jetty speaks h2c by prior
 * knowledge (the JDK client only offers the HTTP/1.1 {@code Upgrade} dance, which a gateway's
 * local listener need not support), and its pluggable {@link SocketAddressResolver} lets a call
 * carry the mesh name as its authority ({@code Host} and {@code :authority} alike) while
 * connecting to the listener's address; the JDK client forbids setting {@code Host} and always
 * takes {@code :authority} from the URI. Calls go to {@code http://<authority>:<listener port>}
 * and the resolver maps that pair to the listener's host; the gateway ignores the port when it
 * resolves the authority.
 */
public final class LoadTransport implements AutoCloseable {
    /** How long a call may take before it is recorded as unanswered. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Duration callTimeout;
    // Keyed by "authority:port": which listener address a mesh name on that port stands for.
    private final Map<String, InetSocketAddress> listeners = new ConcurrentHashMap<>();
    private final Map<LoadTarget, ManagedChannel> channels = new ConcurrentHashMap<>();

    private LoadTransport(HttpClient http, Duration callTimeout) {
        this.http = http;
        this.callTimeout = callTimeout;
    }

    /** Starts the shared HTTP client; calls that take longer than {@code callTimeout} count as unanswered. */
    public static LoadTransport start(Duration callTimeout) {
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("call timeout " + callTimeout + " is out of range (expected: more than 0)");
        }
        var connector = new ClientConnector();
        var h2c = new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector));
        var client = new HttpClient(new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11, h2c));
        // The load bounds its own concurrency and records the excess as not sent; the client must
        // neither queue nor refuse below that bound.
        client.setMaxConnectionsPerDestination(4096);
        client.setMaxRequestsQueuedPerDestination(65_536);
        client.setFollowRedirects(false);
        var transport = new LoadTransport(client, callTimeout);
        client.setSocketAddressResolver(transport::resolve);
        try {
            client.start();
        } catch (Exception e) {
            throw new LoadException("cannot start the load generator's HTTP client: " + e.getMessage(), e);
        }
        return transport;
    }

    /** Starts the shared HTTP client with {@link #DEFAULT_CALL_TIMEOUT}. */
    public static LoadTransport start() {
        return start(DEFAULT_CALL_TIMEOUT);
    }

    Duration callTimeout() {
        return callTimeout;
    }

    HttpClient http(LoadTarget target) {
        var address = new InetSocketAddress(target.baseUrl().getHost(), target.baseUrl().getPort());
        InetSocketAddress known = listeners.putIfAbsent(target.authority() + ":" + target.baseUrl().getPort(), address);
        if (known != null && !known.equals(address)) {
            throw new LoadException("two listeners on port " + target.baseUrl().getPort() + " are called as " + target.authority()
                    + ": " + known + " and " + address + " (expected: one drill's listeners on distinct ports)");
        }
        return http;
    }

    ManagedChannel channel(LoadTarget target) {
        return channels.computeIfAbsent(target, t -> Grpc.newChannelBuilderForAddress(
                        t.baseUrl().getHost(), t.baseUrl().getPort(), InsecureChannelCredentials.create())
                .overrideAuthority(t.authority())
                .build());
    }

    private void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        InetSocketAddress listener = listeners.get(host + ":" + port);
        if (listener != null) {
            promise.succeeded(List.of(listener));
            return;
        }
        promise.failed(new java.net.UnknownHostException(host + " (expected: the authority of a registered load target)"));
    }

    /** Closes the channels and stops the HTTP client. */
    @Override
    public void close() {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
        }
        try {
            for (ManagedChannel channel : channels.values()) {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            http.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Stopping is best effort: the drill has its results already.
        }
    }
}
