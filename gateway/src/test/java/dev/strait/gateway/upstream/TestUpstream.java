package dev.strait.gateway.upstream;

import dev.strait.policy.model.HostPort;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * An upstream on loopback (HTTP/1.1 and h2c on one port) whose answer the test scripts; it
 * counts the requests it got and notes those whose caller gave up on them.
 */
final class TestUpstream implements AutoCloseable {
    /** What the upstream does with one request; runs on a pool thread and may block. */
    @FunctionalInterface
    interface Behaviour {
        void handle(Request request, Response response, Callback callback) throws Exception;
    }

    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Throwable> abandoned = new CopyOnWriteArrayList<>();

    private TestUpstream(Behaviour behaviour) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("test-upstream");
        // Behaviours block, as the gateway's own stages do, on virtual threads.
        VirtualThreadPool virtualThreads = new VirtualThreadPool();
        virtualThreads.setName("test-upstream-handler");
        threads.setVirtualThreadsExecutor(virtualThreads);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        connector = new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(org.eclipse.jetty.util.thread.Invocable.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                requests.incrementAndGet();
                request.addFailureListener(abandoned::add);
                behaviour.handle(request, response, callback);
                return true;
            }
        });
        server.setStopTimeout(0);
        server.start();
    }

    static TestUpstream start(Behaviour behaviour) throws Exception {
        return new TestUpstream(behaviour);
    }

    /** Never answers: the request stays open until the caller gives up. */
    static TestUpstream hanging() throws Exception {
        return start((request, response, callback) -> {});
    }

    HostPort address() {
        return new HostPort("127.0.0.1", connector.getLocalPort());
    }

    int requests() {
        return requests.get();
    }

    /** How many requests their caller abandoned (reset stream or closed connection) before an answer. */
    int abandoned() {
        return abandoned.size();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
