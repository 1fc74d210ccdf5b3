package dev.strait.federation.peering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.peering.proto.ExportSnapshot;
import dev.strait.federation.peering.proto.ExportedService;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExportCodecTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final ServiceName LEDGER = ServiceName.of("ledger");

    @Test
    void aSnapshotRoundTrips() throws Exception {
        ExportedCatalog export = new ExportedCatalog(List.of(new HostPort("10.0.0.1", 9443), new HostPort("::1", 9443)),
                Map.of(PAYMENTS, 3, LEDGER, 0));

        ExportSnapshot message = ExportCodec.snapshot(42, export);

        assertThat(message.getVersion()).isEqualTo(42);
        assertThat(ExportCodec.gateways(message.getGatewaysList())).isEqualTo(export.gateways());
        assertThat(ExportCodec.services(message.getServicesList())).isEqualTo(export.healthyEndpoints());
    }

    @Test
    void changesCarryOnlyWhatDiffers() throws Exception {
        ExportedCatalog before = new ExportedCatalog(List.of(new HostPort("10.0.0.1", 9443)), Map.of(PAYMENTS, 3, LEDGER, 1));
        ExportedCatalog after = new ExportedCatalog(List.of(new HostPort("10.0.0.1", 9443)), Map.of(PAYMENTS, 2));

        ExportedCatalog.Changes changes = after.changesSince(before);
        var message = ExportCodec.changes(7, 8, changes);

        assertThat(changes.gateways()).as("unchanged gateways are not sent").isEmpty();
        assertThat(ExportCodec.services(message.getUpsertsList())).isEqualTo(Map.of(PAYMENTS, 2));
        assertThat(ExportCodec.removals(message.getRemovalsList())).isEqualTo(Set.of(LEDGER));
        assertThat(after.changesSince(after).isEmpty()).isTrue();
    }

    @Test
    void anUntrustedPeerCannotSendMoreThanTheLimits() {
        List<ExportedService> tooMany = IntStream.rangeClosed(0, PeeringSettings.MAX_SERVICES)
                .mapToObj(i -> ExportedService.newBuilder().setName("s" + i).setHealthyEndpoints(1).build())
                .toList();
        List<String> tooManyGateways = IntStream.rangeClosed(0, PeeringSettings.MAX_GATEWAYS)
                .mapToObj(i -> "10.0.0." + (i % 250) + ":" + (1000 + i))
                .toList();

        assertThatThrownBy(() -> ExportCodec.services(tooMany)).hasMessageContaining("at most " + PeeringSettings.MAX_SERVICES);
        assertThatThrownBy(() -> ExportCodec.gateways(tooManyGateways)).hasMessageContaining("at most " + PeeringSettings.MAX_GATEWAYS);
        assertThatThrownBy(() -> ExportCodec.removals(Collections.nCopies(PeeringSettings.MAX_SERVICES + 1, "x")))
                .hasMessageContaining("at most");
    }

    @Test
    void malformedEntriesRefuseTheWholeMessage() {
        assertThatThrownBy(() -> ExportCodec.services(List.of(service("Not A Name", 1)))).hasMessageContaining("invalid service name");
        assertThatThrownBy(() -> ExportCodec.services(List.of(service("payments", 1), service("payments", 2))))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ExportCodec.services(List.of(service("payments", -1)))).hasMessageContaining("negative");
        assertThatThrownBy(() -> ExportCodec.gateways(List.of("no-port"))).hasMessageContaining("invalid gateway address");
        assertThatThrownBy(() -> ExportCodec.gateways(List.of("::1:443"))).hasMessageContaining("brackets");
        assertThatThrownBy(() -> ExportCodec.gateways(List.of("h:99999"))).hasMessageContaining("out of range");
        assertThatThrownBy(() -> ExportCodec.gateways(List.of("h:1", "h:1"))).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ExportCodec.gateways(List.of("x".repeat(300) + ":1"))).hasMessageContaining("invalid gateway address");
    }

    private static ExportedService service(String name, int healthy) {
        return ExportedService.newBuilder().setName(name).setHealthyEndpoints(healthy).build();
    }
}
