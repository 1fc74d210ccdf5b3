package dev.strait.federation.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.EndpointSource;
import dev.strait.federation.catalog.Health;
import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegionStateCodecTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final EndpointId E1 = EndpointId.of("e1");
    private static final RegionName EAST = RegionName.of("us-east");

    static Stream<RegionCommand> commands() {
        return Stream.of(
                new RegionCommand.ApplyConfig("federation: x\n# ünïcode\n", 3),
                new RegionCommand.RegisterEndpoint(PAYMENTS, E1, new HostPort("::1", 443)),
                new RegionCommand.DeregisterEndpoint(PAYMENTS, E1),
                new RegionCommand.SetHealth(PAYMENTS, E1, Health.UNHEALTHY),
                new RegionCommand.SetMaintenance(PAYMENTS, E1, true),
                new RegionCommand.ImportCatalog(EAST, 7, List.of(new HostPort("10.0.0.1", 9443), new HostPort("10.0.0.2", 9443)),
                        Map.of(PAYMENTS, 3, ServiceName.of("ledger"), 0), 1_700_000_000_000L),
                new RegionCommand.ImportChanges(EAST, 7, 8, List.of(), Map.of(PAYMENTS, 2), Set.of(ServiceName.of("ledger")),
                        1_700_000_000_500L),
                new RegionCommand.MarkStale(EAST, 8));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void commandsRoundTrip(RegionCommand command) {
        assertThat(RegionStateCodec.decodeCommand(RegionStateCodec.encodeCommand(command))).isEqualTo(command);
    }

    @Test
    void stateRoundTripsAndEncodesDeterministically() {
        RegionState state = state();

        byte[] encoded = RegionStateCodec.encodeState(state);

        assertThat(RegionStateCodec.decodeState(encoded)).isEqualTo(state);
        assertThat(RegionStateCodec.encodeState(RegionStateCodec.decodeState(encoded))).isEqualTo(encoded);
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of("{\"v\":2,\"type\":\"set-health\"}", "unsupported command format version 2"),
                Arguments.of("{\"type\":\"set-health\"}", "missing field 'v'"),
                Arguments.of("{\"v\":1,\"type\":\"drop-tables\"}", "unknown command type 'drop-tables'"),
                Arguments.of("{\"v\":1,\"type\":\"deregister-endpoint\",\"service\":\"payments\",\"endpoint\":\"e1\",\"x\":1}",
                        "unknown field 'x'"),
                Arguments.of("{\"v\":1,\"type\":\"set-health\",\"service\":\"payments\",\"endpoint\":\"e1\",\"health\":\"SO-SO\"}",
                        "invalid field 'health'"),
                Arguments.of("{\"v\":1,\"type\":\"deregister-endpoint\",\"service\":\"Not A Label\",\"endpoint\":\"e1\"}",
                        "invalid field 'service'"),
                Arguments.of("{\"v\":1,\"type\":\"import-catalog\",\"origin\":\"us-east\",\"version\":1,\"gateways\":[],"
                        + "\"services\":{\"payments\":-1},\"atMillis\":0}", "must be a count"),
                Arguments.of("[1,2]", "must be a JSON object"),
                Arguments.of("{\"v\":1,", "malformed command JSON"));
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void decodingIsStrict(String json, String message) {
        assertThatThrownBy(() -> RegionStateCodec.decodeCommand(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(message);
    }

    @Test
    void stateOfAnotherVersionIsRefused() {
        String json = new String(RegionStateCodec.encodeState(state()), StandardCharsets.UTF_8).replace("\"v\":1", "\"v\":9");

        assertThatThrownBy(() -> RegionStateCodec.decodeState(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("unsupported region state format version 9");
    }

    @Test
    void applyOutcomesRoundTrip() {
        assertThat(RegionStateCodec.decodeOutcome(RegionStateCodec.encodeApplied())).isEmpty();
        assertThat(RegionStateCodec.decodeOutcome(RegionStateCodec.encodeRefused("no"))).hasValue("no");
    }

    @Test
    void raftSnapshotFileVerifiesItsChecksum(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("snapshot.4_17");
        RaftSnapshotFile.write(file, state());
        assertThat(RaftSnapshotFile.read(file)).isEqualTo(state());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> RaftSnapshotFile.read(file)).hasMessageContaining("is corrupt");
    }

    private static RegionState state() {
        return new RegionState(new AppliedConfig(2, "ab".repeat(32), "federation: x\n"),
                Map.of(PAYMENTS, List.of(
                                new CatalogEndpoint(E1, new HostPort("127.0.0.1", 80), EndpointSource.CONFIG, Health.HEALTHY, false, true),
                                new CatalogEndpoint(EndpointId.of("e0"), new HostPort("::1", 81), EndpointSource.RUNTIME,
                                        Health.UNKNOWN, true, false)),
                        ServiceName.of("ledger"), List.of()),
                Map.of(EAST, new ImportedRegion(EAST, 9, List.of(new HostPort("10.0.0.1", 9443)), Map.of(PAYMENTS, 2), 1_700_000_000_000L, true)),
                Map.of("f1", "{\"delay\":\"1s\"}"), 4, 17);
    }
}
