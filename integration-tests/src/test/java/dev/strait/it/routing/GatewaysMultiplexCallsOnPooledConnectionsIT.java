package dev.strait.it.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steady cross-region traffic reuses one mTLS connection between the gateways: no handshake per call. */
class GatewaysMultiplexCallsOnPooledConnectionsIT {
    @TempDir
    static Path directory;

    static TwoRegions federation;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    @Test
    void manySequentialAndConcurrentCallsShareOneGatewayToGatewayConnection() throws Exception {
        try (Http http = new Http(); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                assertThat(http.get(federation.localUrl(TwoRegions.EAST), "payments.mesh", "/seq").statusCode()).isEqualTo(200);
            }
            List<Future<HttpResponse<String>>> concurrent = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                concurrent.add(callers.submit(() -> http.get(federation.localUrl(TwoRegions.EAST), "payments.mesh", "/par")));
            }
            for (Future<HttpResponse<String>> call : concurrent) {
                assertThat(call.get().statusCode()).isEqualTo(200);
                assertThat(call.get().headers().firstValue("x-strait-region")).hasValue("west");
            }
        }

        assertThat(federation.node(TwoRegions.WEST).peerConnectionsAccepted()).isEqualTo(1);
    }
}
