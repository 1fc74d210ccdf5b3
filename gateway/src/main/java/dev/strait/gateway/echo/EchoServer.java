package dev.strait.gateway.echo;

import dev.strait.gateway.tls.ClientAuth;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.policy.model.HostPort;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * A small backend for demos, drills and tests: one port serving HTTP/1.1, HTTP/2 and gRPC, in
 * plaintext (h2c by prior knowledge) or over TLS (h2 and http/1.1 by ALPN, optionally mTLS). It
 * answers every request with what it received; see the package documentation for the details.
 */
public final class EchoServer implements AutoCloseable {
    /** Requests handled at once; more wait for a slot instead of exhausting memory. */
    static final int MAX_CONCURRENT_REQUESTS = 1024;

    // Longer than the longest /slow wait, so a slow answer is never cut off as idle.
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final EchoOptions options;
    private final Server server;
    private final ServerConnector connector;

    private EchoServer(EchoOptions options, Server server, ServerConnector connector) {
        this.options = options;
        this.server = server;
        this.connector = connector;
    }

    /** Starts a server; it listens when this returns. */
    public static EchoServer start(EchoOptions options) {
        String name = "echo-" + options.service().value() + "-" + options.endpoint().value();
        var virtualThreads = new VirtualThreadPool();
        virtualThreads.setName(name);
        virtualThreads.setMaxConcurrentTasks(MAX_CONCURRENT_REQUESTS);
        // Platform threads only run selectors and non-blocking work, and demos run many echo
        // servers in one process, so the pool is kept small.
        var threads = new QueuedThreadPool(32, 2);
        threads.setName(name + "-io");
        // Selectors stay on platform threads; blocking handlers run on virtual ones.
        threads.setVirtualThreadsExecutor(virtualThreads);

        var server = new Server(threads);
        ServerConnector connector = connector(server, options);
        connector.setHost(options.bindHost());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(new EchoHandler(options));
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new EchoServerException("cannot start the echo server " + name + " on "
                    + new HostPort(options.bindHost(), options.port()) + ": " + e.getMessage(), e);
        }
        return new EchoServer(options, server, connector);
    }

    private static ServerConnector connector(Server server, EchoOptions options) {
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        return switch (options.transport()) {
            case EchoOptions.Transport.Plaintext plaintext ->
                    new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
            case EchoOptions.Transport.Tls tls -> {
                var https = new HttpConfiguration(http);
                // Clients reach the echo by IP or by a mesh name, not by a name in its certificate,
                // so the SNI-versus-certificate host check is off.
                https.addCustomizer(new SecureRequestCustomizer(false));
                // WANT without mTLS: a client that sends a certificate is verified and reported.
                var ssl = SslContexts.server(tls.material(), tls.requireClientCertificate() ? ClientAuth.NEED : ClientAuth.WANT);
                var alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
                alpn.setDefaultProtocol("http/1.1");
                yield new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                        new HTTP2ServerConnectionFactory(https), new HttpConnectionFactory(https));
            }
        };
    }

    /** The port it listens on (the chosen one when {@link EchoOptions#port()} was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port} or {@code https://host:port}, with a wildcard bind address replaced by loopback. */
    public URI uri() {
        String host = options.bindHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        String scheme = options.transport() instanceof EchoOptions.Transport.Tls ? "https" : "http";
        return URI.create(scheme + "://" + new HostPort(host, port()));
    }

    public EchoOptions options() {
        return options;
    }

    /** Stops listening and ends open connections. */
    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: a test or demo shutting down has nothing better to do.
        }
    }
}
