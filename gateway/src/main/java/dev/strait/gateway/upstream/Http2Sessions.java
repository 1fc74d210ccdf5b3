package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.policy.model.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One multiplexed HTTP/2 connection per upstream address and TLS identity, opened on first use
 * and reopened when it closes, so steady traffic makes no new TLS handshakes.
 */
final class Http2Sessions {
    /** A pooled connection's identity: where it goes and the TLS setup it was opened with (none for h2c). */
    record Key(HostPort address, SslContextFactory.Client tls) {}

    private final HTTP2Client client;
    private final Duration connectTimeout;
    private final ConcurrentHashMap<Key, CompletableFuture<Session>> sessions = new ConcurrentHashMap<>();
    // Outstanding liveness pings, by payload; completed when the peer's reply arrives.
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> pings = new ConcurrentHashMap<>();
    private final AtomicLong pingPayloads = new AtomicLong();

    Http2Sessions(HTTP2Client client, Duration connectTimeout) {
        this.client = client;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Checks that {@code key}'s far end answers: an HTTP/2 PING on the pooled connection
     * (connecting first if there is none), answered within {@code timeout}.
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
            } else {
                result.complete(session);
            }
        });
        return result;
    }
}
