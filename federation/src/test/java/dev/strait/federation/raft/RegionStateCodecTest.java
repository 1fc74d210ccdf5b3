package dev.strait.federation.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.EndpointSource;
import dev.strait.policy.model.Fault;
import dev.strait.federation.catalog.Health;
import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
    private static final Fault FULL_FAULT = new Fault("slow-api", PAYMENTS, Optional.of("/api"), Optional.of("GET"),
            Optional.of(new Fault.Delay(Duration.ofMillis(200), 50)), Optional.of(new Fault.Abort(503, 10)), 1_700_000_060_000L);
    private static final Fault BARE_FAULT = new Fault("down", ServiceName.of("ledger"), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of(new Fault.Abort(500, 100)), 1_700_000_001_000L);
    private static final Map<String, Fault> FAULTS = Map.of(FULL_FAULT.id(), FULL_FAULT, BARE_FAULT.id(), BARE_FAULT);
    private static final LinkFault CUT = LinkFault.partition("cut-east", EAST, 1_700_000_060_000L);
    private static final LinkFault SLOW_LINK = new LinkFault("slow-east", EAST, false,
            Optional.of(new Fault.Delay(Duration.ofMillis(200), 100)), Optional.of(new Fault.Abort(503, 50)), 1_700_000_060_000L);

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
                new RegionCommand.MarkStale(EAST, 8),
                new RegionCommand.PutFault(FULL_FAULT, 1_700_000_000_000L),
                new RegionCommand.PutFault(BARE_FAULT, 1_700_000_000_000L),
                new RegionCommand.PutLinkFault(CUT, 1_700_000_000_000L),
                new RegionCommand.PutLinkFault(SLOW_LINK, 1_700_000_000_000L),
                new RegionCommand.PutLinkFault(new LinkFault("lossy", EAST, false, Optional.empty(),
                        Optional.of(new Fault.Abort(502, 5)), 1_700_000_000_001L), 1_700_000_000_000L),
                new RegionCommand.RemoveFault("slow-api"));
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
                Arguments.of("{\"v\":1,\"type\":\"remove-fault\",\"id\":\"f\",\"service\":\"payments\"}", "unknown field 'service'"),
                Arguments.of(putFault("\"abort\":{\"status\":503,\"percent\":10,\"jitter\":1}"), "unknown field 'jitter'"),
                Arguments.of(putFault("\"abort\":{\"status\":200,\"percent\":10}"), "abort status 200 is out of range"),
                Arguments.of(putFault("\"delay\":{\"ms\":100,\"percent\":101}"), "delay percent 101 is out of range"),
                Arguments.of(putFault("\"abort\":{\"status\":503,\"percent\":10},\"path\":null"), "missing field 'path'"),
                Arguments.of(putFault("\"path\":\"/api\""), "neither a delay nor an abort"),
                Arguments.of(putLinkFault("\"partition\":true,\"delay\":{\"ms\":100,\"percent\":1}"),
                        "partitions region 'us-east' and also has a delay"),
                Arguments.of(putLinkFault("\"partition\":false"), "has neither a partition, a delay nor an abort"),
                Arguments.of(putLinkFault("\"partition\":true,\"service\":\"payments\""), "unknown field 'service'"),
                Arguments.of(putLinkFault("\"partition\":\"yes\""), "must be true or false"),
                Arguments.of("[1,2]", "must be a JSON object"),
                Arguments.of("{\"v\":1,", "malformed command JSON"));
    }

    private static String putFault(String parts) {
        return "{\"v\":1,\"type\":\"put-fault\",\"atMillis\":1,\"fault\":{\"id\":\"f\",\"service\":\"payments\","
                + "\"expiresAtMillis\":2," + parts + "}}";
    }

    private static String putLinkFault(String parts) {
        return "{\"v\":1,\"type\":\"put-link-fault\",\"atMillis\":1,\"fault\":{\"id\":\"f\",\"region\":\"us-east\","
                + "\"expiresAtMillis\":2," + parts + "}}";
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void decodingIsStrict(String json, String message) {
        assertThatThrownBy(() -> RegionStateCodec.decodeCommand(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining(message);
    }

    @Test
    void faultsAreStoredInTheShapeOfTheAdminApi() {
        String json = new String(RegionStateCodec.encodeCommand(new RegionCommand.PutFault(FULL_FAULT, 5)), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"v\":1,\"type\":\"put-fault\",\"fault\":{\"id\":\"slow-api\",\"service\":\"payments\","
                + "\"path\":\"/api\",\"method\":\"GET\",\"delay\":{\"ms\":200,\"percent\":50},"
                + "\"abort\":{\"status\":503,\"percent\":10},\"expiresAtMillis\":1700000060000},\"atMillis\":5}");
    }

    @Test
    void linkFaultsAreStoredInTheShapeOfTheAdminApi() {
        String json = new String(RegionStateCodec.encodeCommand(new RegionCommand.PutLinkFault(CUT, 5)), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"v\":1,\"type\":\"put-link-fault\",\"fault\":{\"id\":\"cut-east\",\"region\":\"us-east\","
                + "\"partition\":true,\"expiresAtMillis\":1700000060000},\"atMillis\":5}");
    }

    @Test
    void aStateWithLinkFaultsRoundTripsAndOneWithoutEncodesAsBefore() {
        RegionState withLinks = new RegionState(state().config(), state().catalog(), state().imports(), FAULTS,
                Map.of(CUT.id(), CUT, SLOW_LINK.id(), SLOW_LINK), 4, 17);

        byte[] encoded = RegionStateCodec.encodeState(withLinks);

        assertThat(RegionStateCodec.decodeState(encoded)).isEqualTo(withLinks);
        assertThat(RegionStateCodec.encodeState(RegionStateCodec.decodeState(encoded))).isEqualTo(encoded);
        // Raft snapshots written before link faults existed have no such field, and still read.
        assertThat(new String(RegionStateCodec.encodeState(state()), StandardCharsets.UTF_8)).doesNotContain("linkFaults");
    }

    @Test
    void aLinkFaultSharingAnIdWithAServiceFaultIsRefused() {
        LinkFault clash = LinkFault.partition(BARE_FAULT.id(), EAST, 1_700_000_060_000L);
        RegionState state = new RegionState(state().config(), state().catalog(), state().imports(), FAULTS,
                Map.of(clash.id(), clash), 4, 17);

        assertThatThrownBy(() -> RegionStateCodec.decodeState(RegionStateCodec.encodeState(state)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("an id a service fault already has");
    }

    @Test
    void aFaultStoredUnderAnotherIdIsRefused() {
        String json = new String(RegionStateCodec.encodeState(state()), StandardCharsets.UTF_8)
                .replace("\"down\":{", "\"up\":{");

        assertThatThrownBy(() -> RegionStateCodec.decodeState(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("fault 'down' is stored under id 'up'");
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
                FAULTS, 4, 17);
    }
}
