package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.policy.model.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One multiplexed HTTP/2 connection per upstream address and TLS identity, opened on first use
 * and reopened when it closes, so steady traffic makes no new TLS handshakes.
 *
 * <p>A peer gateway that proves its identity in the TLS handshake but selects no ALPN protocol,
 * or {@code http/1.1} (a gateway behind an HTTP/1.1-only TLS terminator, say), gets no HTTP/2
 * connection: it is remembered as {@linkplain #speaksHttp1Only speaking HTTP/1.1 only}, so that
 * calls to it go over HTTP/1.1, and such a handshake counts as an answer to a {@linkplain #ping
 * ping}. It is forgotten as soon as a handshake selects {@code h2} again.
 */
final class Http2Sessions {
    /**
     * A pooled connection's identity: where it goes and the TLS setup it was opened with (none for
     * h2c), and whether it goes to a peer gateway (which must select {@code h2} by ALPN).
     */
    record Key(HostPort address, SslContextFactory.Client tls, boolean peerGateway) {
        /** A connection to an endpoint. */
        Key(HostPort address, SslContextFactory.Client tls) {
            this(address, tls, false);
        }

        /** A connection to a peer gateway, over {@code tls}. */
        static Key toPeerGateway(HostPort gateway, SslContextFactory.Client tls) {
            return new Key(gateway, tls, true);
        }
    }

    /** A verified TLS handshake with a peer gateway that selected no {@code h2}. */
    static final class NoHttp2Exception extends IOException {
        NoHttp2Exception(HostPort gateway, String selected) {
            super("gateway " + gateway + " proved its identity but does not speak HTTP/2 (ALPN selected "
                    + (selected == null || selected.isEmpty() ? "no protocol" : "'" + selected + "'") + ", expected: h2)");
        }
    }

    private final HTTP2Client client;
    private final Duration connectTimeout;
    private final ConcurrentHashMap<Key, CompletableFuture<Session>> sessions = new ConcurrentHashMap<>();
    // Outstanding liveness pings, by payload; completed when the peer's reply arrives.
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> pings = new ConcurrentHashMap<>();
    private final AtomicLong pingPayloads = new AtomicLong();
    private final Set<HostPort> http1Only = ConcurrentHashMap.newKeySet();

    Http2Sessions(HTTP2Client client, Duration connectTimeout) {
        this.client = client;
        this.connectTimeout = connectTimeout;
    }

    /** Whether peer gateway {@code gateway} selected no {@code h2} in its last TLS handshake with this node. */
    boolean speaksHttp1Only(HostPort gateway) {
        return http1Only.contains(gateway);
    }

    /**
     * Checks that {@code key}'s far end answers: an HTTP/2 PING on the pooled connection
     * (connecting first if there is none), answered within {@code timeout}. A peer gateway that
     * proves its identity but speaks no HTTP/2 answers with that handshake.
     */
    boolean ping(Key key, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Session> pending = sessions.computeIfAbsent(key, this::connect);
        long payload = pingPayloads.incrementAndGet();
        CompletableFuture<Void> reply = new CompletableFuture<>();
        pings.put(payload, reply);
        try {
            Session session = pending.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            session.ping(new PingFrame(payload, false), Callback.from(() -> {}, reply::completeExceptionally));
            reply.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            if (e.getCause() instanceof NoHttp2Exception) {
                sessions.remove(key, pending);
                return true;
            }
            Session broken = pending.isDone() && !pending.isCompletedExceptionally() ? pending.getNow(null) : null;
            if (pending.isCompletedExceptionally() || (broken != null && broken.isClosed())) {
                sessions.remove(key, pending);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            pings.remove(payload);
        }
    }

    /** Forgets every pooled connection to {@code address} and closes it at once: the streams on it fail now. */
    void abandon(HostPort address) {
        sessions.forEach((key, pending) -> {
            if (key.address().equals(address) && sessions.remove(key, pending)) {
                pending.thenAccept(Http2Sessions::closeAtOnce);
            }
        });
    }

    /** Pooled sessions that are connected and not closed, right now (for metrics; reads only). */
    int openSessions() {
        int open = 0;
        for (CompletableFuture<Session> pending : sessions.values()) {
            if (pending.isDone() && !pending.isCompletedExceptionally() && !pending.join().isClosed()) {
                open++;
            }
        }
        return open;
    }

    /** A live session to {@code key}, connecting (and blocking the caller's virtual thread) if needed. */
    Session acquire(Key key) throws GatewayException {
        for (int attempt = 0; attempt < 2; attempt++) {
            CompletableFuture<Session> pending = sessions.computeIfAbsent(key, this::connect);
            try {
                Session session = pending.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!session.isClosed()) {
                    return session;
                }
                sessions.remove(key, pending);
            } catch (ExecutionException | TimeoutException e) {
                sessions.remove(key, pending);
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE,
                        "cannot connect to " + key.address() + ": " + ResponseRelay.describe(cause), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, "interrupted while connecting to " + key.address());
            }
        }
        throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, "connection to " + key.address() + " keeps closing");
    }

    private CompletableFuture<Session> connect(Key key) {
        CompletableFuture<Session> result = new CompletableFuture<>();
        Session.Listener forget = new Session.Listener() {
            @Override
            public void onPing(Session session, PingFrame frame) {
                if (frame.isReply()) {
                    CompletableFuture<Void> reply = pings.get(frame.getPayloadAsLong());
                    if (reply != null) {
                        reply.complete(null);
                    }
                }
            }

            @Override
            public void onGoAway(Session session, GoAwayFrame frame) {
                sessions.remove(key, result);
            }

            @Override
            public void onClose(Session session, GoAwayFrame frame, Callback callback) {
                sessions.remove(key, result);
                callback.succeeded();
            }

            @Override
            public void onFailure(Session session, Throwable failure, Callback callback) {
                sessions.remove(key, result);
                callback.succeeded();
            }
        };
        InetSocketAddress address = new InetSocketAddress(key.address().host(), key.address().port());
        client.connect(key.tls(), address, forget).whenComplete((session, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            if (key.peerGateway() && key.tls() != null) {
                // Jetty speaks HTTP/2 even when ALPN selected nothing; a peer that did not select h2 would not understand it.
                String selected = selectedProtocol(session);
                if (!"h2".equals(selected)) {
                    http1Only.add(key.address());
                    closeAtOnce(session);
                    result.completeExceptionally(new NoHttp2Exception(key.address(), selected));
                    return;
                }
                http1Only.remove(key.address());
            }
            result.complete(session);
        });
        return result;
    }

    /**
     * Closes the connection without the GOAWAY exchange of an orderly HTTP/2 close, which a peer
     * that speaks no HTTP/2, or no longer answers, would never complete (the connection would stay
     * open, and a server that serves one connection at a time would take no other).
     */
    private static void closeAtOnce(Session session) {
        if (session instanceof HTTP2Session http2) {
            http2.getEndPoint().close();
        } else {
            session.close(ErrorCode.NO_ERROR.code, "closed without waiting for the peer", Callback.NOOP);
        }
    }

    /** The ALPN protocol of a TLS session's handshake; empty when none was selected, null when unknown. */
    private static String selectedProtocol(Session session) {
        if (session instanceof HTTP2Session http2 && http2.getEndPoint() instanceof SslConnection.SslEndPoint tls) {
            return tls.getSslConnection().getSSLEngine().getApplicationProtocol();
        }
        return null;
    }
}
