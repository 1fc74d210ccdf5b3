package dev.strait.it.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of a service's policy (its authorization rules and traffic rules) posted to one node
 * of a three-node region is applied by every node; a change with a rule that could never apply
 * is refused with its line and column, and every node keeps the running policy.
 */
class APolicyChangeSwitchesEveryNodeOrNoneIT {
    private static final String ALLOW_ALL = "authorization: [ { action: allow, from: [anonymous, \"*\"] } ]";

    @TempDir
    Path directory;

    private ThreeNodeRegion region;
    private EchoServer echo;
    private Http http;

    @AfterEach
    void stop() throws Exception {
        ThreeNodeRegion.closeAll(http, region, echo);
    }

    @Test
    void aValidPolicyReachesEveryNodeAndAnInvalidOneNone() throws Exception {
        region = new ThreeNodeRegion(directory, "traffic: { responseHeaders: { set: { x-policy: v1 } } }").start();
        echo = EchoServer.start(EchoOptions.loopback(ServiceName.of(ThreeNodeRegion.SERVICE), ThreeNodeRegion.WEST, EndpointId.of("orders-1")));
        http = new Http();
        assertThat(region.register("n1", "orders-1", echo.port()).statusCode()).isEqualTo(200);
        for (String node : ThreeNodeRegion.NODES) {
            region.awaitRoutedTo(http, node, "orders-1", Duration.ofSeconds(10));
            assertThat(policyHeader(node, "/")).hasValue("v1");
        }

        String unreachable = region.configYaml().replace("x-policy: v1 } }", "x-policy: v2 } }, routes: [ { name: all }, { name: never } ]");
        HttpResponse<String> refused = region.applyConfig("n2", unreachable);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).containsPattern("federation\\.yaml:\\d+:\\d+: ").contains("never");
        for (String node : ThreeNodeRegion.NODES) {
            assertThat(policyHeader(node, "/")).as("node %s after a refused change", node).hasValue("v1");
            assertThat(status(node, "/private")).as("node %s after a refused change", node).isEqualTo(200);
        }

        String next = region.configYaml()
                .replace("x-policy: v1", "x-policy: v2")
                .replace(ALLOW_ALL, "authorization: [ { action: allow, from: [anonymous, \"*\"] },"
                        + " { action: deny, from: [anonymous], paths: [ { prefix: /private } ] } ]");
        HttpResponse<String> applied = region.applyConfig("n3", next);

        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        for (String node : ThreeNodeRegion.NODES) {
            Await.until("node " + node + " applies the new policy", Duration.ofSeconds(5),
                    () -> policyHeader(node, "/").filter("v2"::equals).isPresent() && status(node, "/private") == 403);
        }
    }

    private Optional<String> policyHeader(String node, String path) {
        try {
            return http.get(region.localUrl(node), ThreeNodeRegion.AUTHORITY, path).headers().firstValue("x-policy");
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private int status(String node, String path) {
        try {
            return http.get(region.localUrl(node), ThreeNodeRegion.AUTHORITY, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
