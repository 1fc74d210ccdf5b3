package dev.strait.it.operations;

import static dev.strait.it.operations.OperatedRegions.EAST;
import static dev.strait.it.operations.OperatedRegions.HELD;
import static dev.strait.it.operations.OperatedRegions.PAYMENTS;
import static dev.strait.it.operations.OperatedRegions.WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.operations.DrainStatus;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Draining one of west's two gateways while east calls a west service under steady load: the
 * drained node stops being ready and refuses new connections at once, the call it holds
 * finishes, east moves every new call to the other west gateway, and no call fails, during or
 * after. Then the drained node closes, before its deadline.
 */
class ADrainedNodeLosesNoCallsIT {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    // Closing the node (Raft, federation, pools) once the drain has ended takes a few seconds at most.
    private static final Duration CLOSE_ALLOWANCE = Duration.ofSeconds(15);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void aDrainedNodeLosesNoCalls() throws Exception {
        try (OperatedRegions regions = OperatedRegions.start(directory, 2, DRAIN_TIMEOUT);
                HeldEndpoint heldEndpoint = HeldEndpoint.start(regions.heldPort());
                SteadyCalls load = new SteadyCalls(regions.eastUrl(), PAYMENTS, 6);
                HttpClient peer = peerClient(regions)) {
            GatewayNode drained = regions.node(WEST, "n1");
            GatewayNode remaining = regions.node(WEST, "n2");
            int drainedPeerPort = drained.peerPort();
            int drainedLocalPort = drained.localPort();
            // East has pooled connections to both west gateways before one goes.
            Await.until("east's calls reach both west gateways", DEADLINE,
                    () -> drained.peerCallsReceived() > 20 && remaining.peerCallsReceived() > 20);

            // A call the drained node holds when the drain begins, sent as a peer gateway sends it.
            CompletableFuture<ContentResponse> held = heldCall(peer, drainedPeerPort);
            assertThat(heldEndpoint.awaitArrival(DEADLINE)).as("the held call reached its endpoint through the drained node").isTrue();
            long drainBegan = System.nanoTime();
            HttpResponse<String> answer = Admin.send(drained.adminPort(), "POST", "/v1/drain", null);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            JsonNode accepted = JsonMapper.shared().readTree(answer.body());
            assertThat(accepted.path("draining").asBoolean()).isTrue();
            Instant deadline = Instant.parse(accepted.path("deadline").asString());
            assertThat(deadline).isAfter(Instant.now().plus(DRAIN_TIMEOUT).minus(DEADLINE));
            // At once: not ready, and no new connection on the call listeners.
            assertThat(Admin.status(drained.adminPort(), "/readyz")).isEqualTo(503);
            JsonNode status = Admin.json(drained.adminPort(), "/v1/status");
            assertThat(status.path("draining").asBoolean()).isTrue();
            assertThat(status.path("drainDeadline").asString()).isEqualTo(deadline.toString());
            assertThatThrownBy(() -> new Socket("127.0.0.1", drainedPeerPort).close()).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> new Socket("127.0.0.1", drainedLocalPort).close()).isInstanceOf(ConnectException.class);
            // Asking again changes nothing.
            assertThat(JsonMapper.shared().readTree(Admin.send(drained.adminPort(), "POST", "/v1/drain", null).body())
                    .path("deadline").asString()).isEqualTo(deadline.toString());

            // Calls go on through the other west gateway while the drained node waits for the call it holds.
            Await.until("east's calls are served while the node drains", DEADLINE, () -> load.servedSince(drainBegan) >= 150);
            assertThat(drained.awaitClosed(Duration.ZERO)).as("the drained node waits for the call it holds").isFalse();
            assertThat(Admin.status(drained.adminPort(), "/readyz")).isEqualTo(503);

            // The held call finishes; then the node closes, before its deadline.
            heldEndpoint.release();
            ContentResponse heldAnswer = held.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(heldAnswer.getStatus()).isEqualTo(200);
            assertThat(heldAnswer.getContentAsString()).isEqualTo("released\n");
            assertThat(drained.awaitClosed(Duration.between(Instant.now(), deadline).plus(CLOSE_ALLOWANCE)))
                    .as("the drained node closed").isTrue();
            assertThat(drained.drainStatus().phase()).isEqualTo(DrainStatus.Phase.CLOSED);

            // Calls keep being served, by the remaining gateway, after the node is gone.
            long closedAt = System.nanoTime();
            long remainingBefore = remaining.peerCallsReceived();
            Await.until("east keeps serving calls after the drained node closed", DEADLINE, () -> load.servedSince(closedAt) >= 150);
            load.stop();

            assertThat(load.failures()).as(load.describe()).isEmpty();
            assertThat(remaining.peerCallsReceived()).isGreaterThan(remainingBefore);
            assertThat(remaining.drainStatus()).isEqualTo(DrainStatus.SERVING);
            assertThat(regions.node(EAST, "n1").drainStatus()).isEqualTo(DrainStatus.SERVING);
        }
    }

    /** An HTTP/1.1 client that presents east's gateway certificate, as a peer gateway does. */
    private static HttpClient peerClient(OperatedRegions regions) throws Exception {
        TlsMaterial east = TlsMaterial.load(regions.certificates().node(EAST, OperatedRegions.id(regions.node(EAST, "n1"))));
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(SslContexts.client(east, id -> true));
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.start();
        return client;
    }

    private static CompletableFuture<ContentResponse> heldCall(HttpClient peer, int peerPort) {
        Request request = peer.newRequest(URI.create("https://127.0.0.1:" + peerPort + "/held"))
                .headers(fields -> fields.put(HttpHeader.HOST, HELD))
                .timeout(2 * DEADLINE.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture<ContentResponse> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("held-call").start(() -> {
            try {
                answer.complete(request.send());
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }
}
