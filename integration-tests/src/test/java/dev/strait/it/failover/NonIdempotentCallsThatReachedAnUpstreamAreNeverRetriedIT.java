package dev.strait.it.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * West's {@code svc} endpoint reads each request and closes the connection without answering. A
 * POST that reached it is never sent anywhere else: the client gets 502 {@code upstream_unavailable}
 * and the endpoint saw the POST exactly once. A bodyless GET that reached it is retried on a
 * healthy echo registered beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NonIdempotentCallsThatReachedAnUpstreamAreNeverRetriedIT {
    private static final String SERVICE = "svc";
    private static final String HOST = SERVICE + ".mesh";

    @TempDir
    static Path directory;

    static Closer closer;
    static EchoServer echo;
    static TwoRegions federation;
    static MeshCaller caller;
    static int westAdmin;

    @BeforeAll
    static void start() throws Exception {
        closer = new Closer();
        federation = new TwoRegions(directory)
                .withWestService(SERVICE, Protocol.HTTP1, new HostPort("127.0.0.1", closer.port()))
                .start();
        westAdmin = federation.node(TwoRegions.WEST).adminPort();
        caller = new MeshCaller();
    }

    @AfterAll
    static void stop() throws Exception {
        if (caller != null) {
            caller.close();
        }
        if (federation != null) {
            federation.close();
        }
        if (echo != null) {
            echo.close();
        }
        closer.close();
    }

    @Test
    @Order(1)
    void aPostThatReachedTheOnlyEndpointIsAnsweredWith502AndSentOnce() throws Exception {
        assertThat(Routes.localEndpointIds(westAdmin, SERVICE)).containsExactly("svc-1");
        long before = closer.requests("POST");

        HttpResponse<String> response = caller.post(federation.localUrl(TwoRegions.WEST), HOST, "/orders", "{\"amount\":3}");

        assertUpstreamUnavailable(response);
        assertThat(closer.requests("POST") - before).as("POSTs the closer read").isEqualTo(1);
    }

    @Test
    @Order(2)
    void aGetThatReachedTheOnlyEndpointHasNowhereElseToGo() throws Exception {
        long before = closer.requests("GET");

        HttpResponse<String> response = caller.get(federation.localUrl(TwoRegions.WEST), HOST, "/orders/1");

        assertUpstreamUnavailable(response);
        assertThat(closer.requests("GET") - before).as("GETs the closer read").isEqualTo(1);
    }

    @Test
    @Order(3)
    void withAnEchoBesideItEveryGetIsAnsweredAndThoseThatReachedTheCloserWereRetried() throws Exception {
        registerTheEcho();
        long before = closer.requests("GET");

        // Each GET first goes to either endpoint at random; 40 of them reach the closer at least once
        // unless a coin comes up the same way 40 times running.
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = caller.get(federation.localUrl(TwoRegions.WEST), HOST, "/orders/" + i);

            assertThat(response.statusCode()).as("GET #%d: %s", i, response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-echo-endpoint")).as("GET #%d", i).hasValue("svc-2");
        }
        assertThat(closer.requests("GET") - before).as("GETs the closer read and the gateway then retried on the echo")
                .isPositive();
    }

    @Test
    @Order(4)
    void withAnEchoBesideItAPostThatReachedTheCloserIsStillNeverRetried() throws Exception {
        registerTheEcho();
        int refused = 0;

        // As with the GETs, 20 POSTs reach the closer at least once unless a coin is very unlucky.
        for (int i = 0; i < 20; i++) {
            long before = closer.requests("POST");

            HttpResponse<String> response = caller.post(federation.localUrl(TwoRegions.WEST), HOST, "/orders", "{\"n\":" + i + "}");

            long sentToTheCloser = closer.requests("POST") - before;
            if (response.statusCode() == 200) {
                assertThat(sentToTheCloser).as("POST #%d answered by %s", i, response.headers().firstValue("x-echo-endpoint"))
                        .isZero();
                assertThat(response.headers().firstValue("x-echo-endpoint")).as("POST #%d", i).hasValue("svc-2");
            } else {
                assertUpstreamUnavailable(response);
                assertThat(sentToTheCloser).as("POST #%d: times the closer read it", i).isEqualTo(1);
                refused++;
            }
        }
        assertThat(refused).as("POSTs that reached the closer and were answered 502").isPositive();
    }

    private static void registerTheEcho() throws Exception {
        if (echo == null) {
            echo = EchoServer.start(EchoOptions.loopback(ServiceName.of(SERVICE), TwoRegions.WEST, EndpointId.of("svc-2")));
            Routes.register(westAdmin, SERVICE, "svc-2", echo.port());
        }
        Routes.awaitLocalEndpoints(westAdmin, SERVICE, Set.of("svc-1", "svc-2"), Duration.ofSeconds(10));
    }

    private static void assertUpstreamUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-strait-error")).hasValue("upstream_unavailable");
        assertThat(Http.json(response).get("error").asString()).isEqualTo("upstream_unavailable");
    }
}
