package dev.strait.it.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strait.gateway.admin.AdminSecurityException;
import dev.strait.gateway.cli.Main;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.node.NodeOptions;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * West's node runs with an admin token: every mutating admin call (faults, config, catalog
 * endpoints) without it, or with a wrong one, is answered 401 and changes nothing; with it, the
 * call goes through, and {@code strait apply --token-file} applies a config. Reads stay open; a
 * node whose admin listener is not on loopback refuses to start without a token, and
 * {@code strait run} refuses an empty token file.
 */
class AdminMutationsNeedTheTokenIT {
    private static final String TOKEN = "it-admin-token-5f0c1e9a7b3d4c2e";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path directory;

    static TwoRegions federation;
    static GatewayNode west;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        // West's node again, from the same data directory, now with a token.
        federation.stopNode(TwoRegions.WEST);
        west = GatewayNode.start(federation.config(), TwoRegions.WEST, TwoRegions.NODE,
                directory.resolve("data").resolve(TwoRegions.WEST.value()).resolve(TwoRegions.NODE.value()),
                NodeOptions.DEFAULTS.withAdminToken(TOKEN));
        Await.until("west's node with a token is ready and federated", Duration.ofSeconds(30),
                () -> Admin.status(west.adminPort(), "/readyz") == 200 && Admin.federated(west.adminPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (west != null) {
            west.close();
        }
        if (federation != null) {
            federation.close();
        }
    }

    static Stream<Arguments> mutationsWithoutTheToken() {
        String fault = "{\"service\": \"payments\", \"abort\": {\"status\": 503, \"percent\": 100}, \"ttl\": \"60s\"}";
        String endpoint = "{\"address\": \"127.0.0.1:9\"}";
        return Stream.of("", "Bearer wrong-token", "Bearer " + TOKEN + "-not", "Basic " + TOKEN, TOKEN).flatMap(authorization -> Stream.of(
                Arguments.of("PUT", "/v1/faults/x", fault, authorization),
                Arguments.of("DELETE", "/v1/faults/x", null, authorization),
                Arguments.of("POST", "/v1/config?name=pushed.yaml", "federation: nothing\n", authorization),
                Arguments.of("PUT", "/v1/catalog/payments/endpoints/payments-z", endpoint, authorization),
                Arguments.of("DELETE", "/v1/catalog/payments/endpoints/payments-a", null, authorization)));
    }

    @ParameterizedTest(name = "{0} {1} with Authorization \"{3}\"")
    @MethodSource("mutationsWithoutTheToken")
    void aMutationWithoutTheRightTokenIsRefusedAndChangesNothing(String method, String path, String body, String authorization)
            throws Exception {
        String before = regionState();

        HttpResponse<String> response = send(method, path, body, authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error").asString("")).isEqualTo("unauthorized");
        assertThat(error.path("message").asString("")).startsWith(method + " " + path.replaceAll("\\?.*", "") + " changes the region");
        assertThat(response.body()).doesNotContain(TOKEN);
        assertThat(regionState()).isEqualTo(before);
    }

    @Test
    void readsNeedNoToken() {
        for (String path : new String[] {"/healthz", "/readyz", "/v1/status", "/v1/catalog", "/v1/faults", "/v1/config",
                "/v1/routes/payments"}) {
            assertThat(Admin.status(west.adminPort(), path)).as(path).isEqualTo(200);
        }
    }

    @Test
    void mutationsWithTheTokenGoThrough() throws Exception {
        String fault = "{\"service\": \"payments\", \"abort\": {\"status\": 503, \"percent\": 100}, \"ttl\": \"60s\"}";
        assertThat(send("PUT", "/v1/faults/drill-1", fault, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(Admin.status(west.adminPort(), "/v1/faults/drill-1")).isEqualTo(200);
        // The scheme is not case-sensitive.
        assertThat(send("DELETE", "/v1/faults/drill-1", null, "bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(Admin.status(west.adminPort(), "/v1/faults/drill-1")).isEqualTo(404);

        assertThat(send("PUT", "/v1/catalog/payments/endpoints/payments-t", "{\"address\": \"127.0.0.1:9\"}", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(200);
        assertThat(endpointIds()).contains("payments-t");
        assertThat(send("DELETE", "/v1/catalog/payments/endpoints/payments-t", null, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(endpointIds()).doesNotContain("payments-t");
    }

    @Test
    void straitApplySendsTheTokenFromItsFile() throws Exception {
        Path config = federation.config().source();
        long before = configVersion();

        Run refused = strait("apply", "--config", config.toString(), "--admin", westAdmin());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("strait apply: 401 POST /v1/config changes the region and needs the admin token")
                .contains("--token-file").contains("nothing was changed").doesNotContain(TOKEN);
        assertThat(configVersion()).isEqualTo(before);

        Path wrong = tokenFile("wrong-token", "not-the-token");
        Run wrongToken = strait("apply", "--config", config.toString(), "--admin", westAdmin(), "--token-file", wrong.toString());

        assertThat(wrongToken.exitCode()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("401").contains("does not match").doesNotContain(TOKEN);
        assertThat(configVersion()).isEqualTo(before);

        Path right = tokenFile("token", TOKEN + "\n");
        Run applied = strait("apply", "--config", config.toString(), "--admin", westAdmin(), "--token-file", right.toString());

        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("config version " + (before + 1));
        Await.until("west applied the new config", Duration.ofSeconds(10), () -> configVersionOrZero() == before + 1);
    }

    @Test
    void aNodeWhoseAdminListenerIsNotOnLoopbackRefusesToStartWithoutAToken() {
        FederationConfig exposed = withEastAdminHost(federation.config(), "0.0.0.0");

        assertThatThrownBy(() -> GatewayNode.start(exposed, TwoRegions.EAST, TwoRegions.NODE, directory.resolve("exposed")))
                .isInstanceOf(AdminSecurityException.class)
                .hasMessageContaining("adminHost '0.0.0.0' is not a loopback address")
                .hasMessageContaining("--admin-token-file");
        // Refused before anything started: not even its data directory.
        assertThat(directory.resolve("exposed")).doesNotExist();
    }

    @Test
    void straitRunRefusesAnAdminListenerBeyondLoopbackWithoutAToken() throws Exception {
        assumeTrue(System.getenv("STRAIT_ADMIN_TOKEN") == null, "no admin token in this environment");
        String yaml = Files.readString(federation.config().source());
        // The file's first node is east's; its certificates resolve from the same directory.
        Path exposed = Files.writeString(directory.resolve("exposed.yaml"),
                yaml.replaceFirst("adminHost: 127\\.0\\.0\\.1", "adminHost: 0.0.0.0"));
        Path data = directory.resolve("exposed-run");

        Run run = strait("run", "--config", exposed.toString(), "--node", "east/gw-1", "--data", data.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("strait run: node east/gw-1: adminHost '0.0.0.0' is not a loopback address and the node "
                + "has no admin token");
        assertThat(data).doesNotExist();
    }

    @Test
    void straitRunRefusesAnEmptyTokenFile() throws Exception {
        Path empty = tokenFile("empty-token", "\n");
        Path data = directory.resolve("empty-token-run");

        Run run = strait("run", "--config", federation.config().source().toString(), "--node", "east/gw-1", "--data", data.toString(),
                "--admin-token-file", empty.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("strait run: admin token file " + empty + " is empty");
        assertThat(data).doesNotExist();
    }

    private static FederationConfig withEastAdminHost(FederationConfig config, String adminHost) {
        return new FederationConfig(config.name(), config.trustDomain(), config.meshSuffix(), config.certificateDirectory(),
                config.regions().stream().map(region -> !region.name().equals(TwoRegions.EAST) ? region
                        : new RegionConfig(region.name(), region.failover(),
                                region.nodes().stream().map(n -> new NodeConfig(n.id(), n.host(), adminHost, n.ports(), n.tls())).toList(),
                                region.services(), region.raft(), region.federation(), region.localCallers(), region.localListener()))
                        .toList(),
                config.source());
    }

    /** What a refused call could have changed: the faults, the config and the catalog's local services. */
    private static String regionState() throws IOException {
        JsonNode catalog = Admin.json(west.adminPort(), "/v1/catalog");
        return Admin.json(west.adminPort(), "/v1/faults").path("faults") + " "
                + Admin.json(west.adminPort(), "/v1/status").path("config") + " " + catalog.path("services");
    }

    private static List<String> endpointIds() throws IOException {
        return Admin.json(west.adminPort(), "/v1/catalog").path("services").path("payments").path("endpoints").valueStream()
                .map(e -> e.path("id").asString("")).toList();
    }

    private static long configVersion() throws IOException {
        return Admin.json(west.adminPort(), "/v1/status").path("config").path("version").asLong(0);
    }

    private static long configVersionOrZero() {
        try {
            return configVersion();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path tokenFile(String name, String content) throws IOException {
        Path file = Files.writeString(directory.resolve(name), content);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }

    private static String westAdmin() {
        return "http://127.0.0.1:" + west.adminPort();
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(westAdmin() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!authorization.isEmpty()) {
            request.header("authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run strait(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
