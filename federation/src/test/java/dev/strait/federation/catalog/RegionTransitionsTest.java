package dev.strait.federation.catalog;

import static dev.strait.federation.catalog.TestConfigs.EU_WEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.RegionCommand.ApplyConfig;
import dev.strait.federation.catalog.RegionCommand.DeregisterEndpoint;
import dev.strait.federation.catalog.RegionCommand.ImportCatalog;
import dev.strait.federation.catalog.RegionCommand.ImportChanges;
import dev.strait.federation.catalog.RegionCommand.MarkStale;
import dev.strait.federation.catalog.RegionCommand.RegisterEndpoint;
import dev.strait.federation.catalog.RegionCommand.SetHealth;
import dev.strait.federation.catalog.RegionCommand.SetMaintenance;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegionTransitionsTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final ServiceName LEDGER = ServiceName.of("ledger");
    private static final ServiceName BILLING = ServiceName.of("billing");
    private static final EndpointId P1 = EndpointId.of("payments-1");
    private static final EndpointId P2 = EndpointId.of("payments-2");
    private static final EndpointId R1 = EndpointId.of("r1");
    private static final HostPort ADDR_A = new HostPort("10.0.0.1", 8080);
    private static final HostPort ADDR_B = new HostPort("10.0.0.2", 8080);
    private static final String CONFIG_1 = TestConfigs.federation(TestConfigs.PAYMENTS_AND_LEDGER);
    private static final String CONFIG_2 = TestConfigs.federation(TestConfigs.PAYMENTS_MOVED_AND_BILLING);
    private static final RegionName US_EAST = RegionName.of("us-east");
    private static final HostPort EAST_GATEWAY = new HostPort("10.1.0.1", 9443);
    private static final CommandCheck CHECK = new CommandCheck(EU_WEST);

    /** Config 1 applied, runtime r1 registered in payments and ledger, payments-1 healthy. */
    private static RegionState base() {
        RegionState s = step(RegionState.EMPTY, new ApplyConfig(CONFIG_1, 0));
        s = step(s, new RegisterEndpoint(PAYMENTS, R1, ADDR_A));
        s = step(s, new RegisterEndpoint(LEDGER, R1, ADDR_A));
        return step(s, new SetHealth(PAYMENTS, P1, Health.HEALTHY));
    }

    private static RegionState step(RegionState s, RegionCommand c) {
        return RegionTransitions.apply(s, c, EU_WEST, 1, s.appliedIndex() + 1);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("stale config version", new ApplyConfig(CONFIG_2, 0), "is at version 1, not 0"),
                Arguments.of("invalid config", new ApplyConfig("federation: [", 1), "applied-config.yaml:"),
                Arguments.of("config without this region",
                        new ApplyConfig(CONFIG_1.replace("eu-west", "eu-north"), 1), "does not declare region 'eu-west'"),
                Arguments.of("register in undeclared service", new RegisterEndpoint(BILLING, R1, ADDR_A),
                        "service 'billing' is not declared in region 'eu-west' (declare it in the config first)"),
                Arguments.of("register over a config endpoint", new RegisterEndpoint(PAYMENTS, P1, ADDR_B),
                        "is declared in the config"),
                Arguments.of("deregister a config endpoint", new DeregisterEndpoint(PAYMENTS, P1), "remove it from the config"),
                Arguments.of("deregister an unknown endpoint", new DeregisterEndpoint(PAYMENTS, P2), "has no endpoint 'payments-2'"),
                Arguments.of("health of an unknown endpoint", new SetHealth(LEDGER, P1, Health.HEALTHY), "has no endpoint"),
                Arguments.of("maintenance of an unknown service", new SetMaintenance(BILLING, R1, true), "has no endpoint"),
                Arguments.of("import of the region's own services",
                        new ImportCatalog(EU_WEST, 1, List.of(EAST_GATEWAY), Map.of(PAYMENTS, 1), 0), "cannot import its own"),
                Arguments.of("changes without a sync", new ImportChanges(US_EAST, 0, 1, List.of(), Map.of(PAYMENTS, 1), Set.of(), 0),
                        "is absent; a full sync is needed"),
                Arguments.of("stale mark without an import", new MarkStale(US_EAST, 1), "changed meanwhile"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedCommandsChangeNothingButTheAppliedIndex(String name, RegionCommand command, String reason) {
        RegionState before = base();

        RegionState after = RegionTransitions.apply(before, command, EU_WEST, 7, 99);

        assertThat(CHECK.reject(before, command)).hasValueSatisfying(r -> assertThat(r).contains(reason));
        assertThat(after).isEqualTo(before.at(7, 99));
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("register a new runtime endpoint", new RegisterEndpoint(PAYMENTS, P2, ADDR_B), PAYMENTS,
                        List.of(cfg(P1, "127.0.0.1", 17101, Health.HEALTHY, false), rt(R1, ADDR_A, Health.UNKNOWN, false),
                                rt(P2, ADDR_B, Health.UNKNOWN, false))),
                Arguments.of("re-register at the same address keeps health", new RegisterEndpoint(LEDGER, R1, ADDR_A), LEDGER,
                        List.of(rt(R1, ADDR_A, Health.UNKNOWN, false))),
                Arguments.of("move a runtime endpoint", new RegisterEndpoint(PAYMENTS, R1, ADDR_B), PAYMENTS,
                        List.of(cfg(P1, "127.0.0.1", 17101, Health.HEALTHY, false), rt(R1, ADDR_B, Health.UNKNOWN, false))),
                Arguments.of("deregister a runtime endpoint", new DeregisterEndpoint(PAYMENTS, R1), PAYMENTS,
                        List.of(cfg(P1, "127.0.0.1", 17101, Health.HEALTHY, false))),
                Arguments.of("health transition", new SetHealth(PAYMENTS, R1, Health.UNHEALTHY), PAYMENTS,
                        List.of(cfg(P1, "127.0.0.1", 17101, Health.HEALTHY, false), rt(R1, ADDR_A, Health.UNHEALTHY, false))),
                Arguments.of("maintenance mark", new SetMaintenance(PAYMENTS, P1, true), PAYMENTS,
                        List.of(cfg(P1, "127.0.0.1", 17101, Health.HEALTHY, true), rt(R1, ADDR_A, Health.UNKNOWN, false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void acceptedCommandsChangeOneService(String name, RegionCommand command, ServiceName service, List<CatalogEndpoint> expected) {
        RegionState before = base();

        RegionState after = RegionTransitions.apply(before, command, EU_WEST, 2, 42);

        assertThat(CHECK.reject(before, command)).isEmpty();
        assertThat(after.endpoints(service)).containsExactlyElementsOf(expected);
        assertThat(after.appliedIndex()).isEqualTo(42);
        assertThat(after.appliedTerm()).isEqualTo(2);
        assertThat(after.config()).isEqualTo(before.config());
    }

    @Test
    void firstConfigDeclaresEveryServiceOfTheRegionEvenWithoutEndpoints() {
        RegionState s = RegionTransitions.apply(RegionState.EMPTY, new ApplyConfig(CONFIG_1, 0), EU_WEST, 1, 1);

        assertThat(s.config().version()).isEqualTo(1);
        assertThat(s.config().yaml()).isEqualTo(CONFIG_1);
        assertThat(s.config().digest()).hasSize(64).isEqualTo(AppliedConfig.digestOf(CONFIG_1));
        assertThat(s.catalog()).containsOnlyKeys(PAYMENTS, LEDGER);
        assertThat(s.endpoints(LEDGER)).isEmpty();
        assertThat(s.endpoints(PAYMENTS)).containsExactly(cfg(P1, "127.0.0.1", 17101, Health.UNKNOWN, false));
    }

    @Test
    void newConfigRebuildsTheCatalogKeepingWhatStillMatches() {
        RegionState before = step(base(), new SetMaintenance(PAYMENTS, R1, true));

        RegionState after = step(before, new ApplyConfig(CONFIG_2, 1));

        assertThat(after.config().version()).isEqualTo(2);
        // ledger is gone with its runtime endpoint; billing is new and empty.
        assertThat(after.catalog()).containsOnlyKeys(PAYMENTS, BILLING);
        assertThat(after.endpoints(BILLING)).isEmpty();
        // payments-1 moved, so its health starts over; runtime r1 keeps its marks.
        assertThat(after.endpoints(PAYMENTS)).containsExactly(
                cfg(P1, "127.0.0.1", 17199, Health.UNKNOWN, false),
                cfg(P2, "127.0.0.1", 17102, Health.UNKNOWN, false),
                rt(R1, ADDR_A, Health.UNKNOWN, true));
    }

    @Test
    void reapplyingTheSameConfigKeepsHealthAndBumpsTheVersion() {
        RegionState before = base();

        RegionState after = step(before, new ApplyConfig(CONFIG_1, 1));

        assertThat(after.config().version()).isEqualTo(2);
        assertThat(after.catalog()).isEqualTo(before.catalog());
    }

    @Test
    void aConfigEndpointReplacesARuntimeEndpointOfTheSameId() {
        RegionState before = step(base(), new RegisterEndpoint(PAYMENTS, P2, ADDR_B));

        RegionState after = step(before, new ApplyConfig(CONFIG_2, 1));

        assertThat(after.endpoint(PAYMENTS, P2)).hasValue(cfg(P2, "127.0.0.1", 17102, Health.UNKNOWN, false));
        assertThat(after.endpoints(PAYMENTS)).hasSize(3);
    }

    @Test
    void applyingIsDeterministic() {
        assertThat(base()).isEqualTo(base());
        assertThat(CHECK.reject(base(), new ApplyConfig(CONFIG_2, 1))).isEqualTo(Optional.empty());
    }

    private static CatalogEndpoint cfg(EndpointId id, String host, int port, Health health, boolean maintenance) {
        return new CatalogEndpoint(id, new HostPort(host, port), EndpointSource.CONFIG, health, false, maintenance);
    }

    private static CatalogEndpoint rt(EndpointId id, HostPort address, Health health, boolean maintenance) {
        return new CatalogEndpoint(id, address, EndpointSource.RUNTIME, health, false, maintenance);
    }

    @Test
    void changesApplyOnTopOfTheVersionTheySayAndClearNothingElse() {
        RegionState synced = step(base(), new ImportCatalog(US_EAST, 4, List.of(EAST_GATEWAY), Map.of(PAYMENTS, 2, LEDGER, 1), 100));

        RegionState changed = step(synced, new ImportChanges(US_EAST, 4, 5, List.of(), Map.of(PAYMENTS, 0), Set.of(LEDGER), 200));

        assertThat(changed.imported(US_EAST)).hasValue(
                new ImportedRegion(US_EAST, 5, List.of(EAST_GATEWAY), Map.of(PAYMENTS, 0), 200, false));
        assertThat(changed.catalog()).isEqualTo(base().catalog());
        assertThat(CHECK.reject(changed, new ImportChanges(US_EAST, 4, 5, List.of(), Map.of(), Set.of(), 300)))
                .hasValueSatisfying(r -> assertThat(r).contains("is at version 5, not at version 4"));
    }

    @Test
    void aStaleImportTakesNoChangesUntilAFullSyncClearsIt() {
        RegionState synced = step(base(), new ImportCatalog(US_EAST, 4, List.of(EAST_GATEWAY), Map.of(PAYMENTS, 2), 100));
        RegionState stale = step(synced, new MarkStale(US_EAST, 4));

        assertThat(stale.imported(US_EAST).orElseThrow().stale()).isTrue();
        assertThat(CHECK.reject(stale, new ImportChanges(US_EAST, 4, 5, List.of(), Map.of(), Set.of(), 300)))
                .hasValueSatisfying(r -> assertThat(r).contains("is stale (at version 4); a full sync is needed"));
        RegionState resynced = step(stale, new ImportCatalog(US_EAST, 1, List.of(EAST_GATEWAY), Map.of(PAYMENTS, 1), 400));
        assertThat(resynced.imported(US_EAST).orElseThrow().stale()).isFalse();
    }

    @Test
    void aConfigWithoutThePeerRegionDropsItsImport() {
        RegionState synced = step(base(), new ImportCatalog(US_EAST, 4, List.of(EAST_GATEWAY), Map.of(PAYMENTS, 2), 100));
        RegionState sameRegions = step(synced, new ApplyConfig(CONFIG_2, 1));
        assertThat(sameRegions.imported(US_EAST)).isPresent();

        String withoutEast = CONFIG_2.replaceAll("(?s)  us-east:.*?(?=  eu-west:)", "").replace("    failover: [us-east]\n", "");
        RegionState after = step(sameRegions, new ApplyConfig(withoutEast, 2));

        assertThat(after.config().version()).isEqualTo(3);
        assertThat(after.imports()).isEmpty();
    }
}
