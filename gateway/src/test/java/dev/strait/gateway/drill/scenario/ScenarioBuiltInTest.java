package dev.strait.gateway.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The scenarios under {@code configs/drills/} load, write back to equal scenarios, and fit their federation. */
class ScenarioBuiltInTest {
    static List<Path> scenarios() {
        return ScenarioFiles.builtIn();
    }

    @Test
    void theSixBuiltInDrillsAreThere() {
        assertThat(scenarios()).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "region-outage.yaml", "leader-loss.yaml", "region-partition.yaml", "slow-region.yaml",
                "certificate-rotation.yaml", "rolling-restart.yaml");
    }

    @Test
    void theDirectoryStandsForItsScenariosAndNotTheFederationBesideThem() throws Exception {
        Path directory = scenarios().getFirst().getParent();

        assertThat(ScenarioLoader.scenariosIn(directory)).containsExactlyElementsOf(scenarios());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void writesBackToAnEqualScenario(Path file) throws Exception {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = loader.load(file);

        String written = ScenarioWriter.write(scenario, file.getParent());

        assertThat(loader.load(written, file)).isEqualTo(scenario);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void isNamedForItsFileFitsInThirtySecondsAndExpectsAtMostOnePercentErrors(Path file) throws Exception {
        Scenario scenario = new ScenarioLoader().load(file);

        assertThat(scenario.name() + ".yaml").isEqualTo(file.getFileName().toString());
        assertThat(scenario.duration()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(scenario.description()).isNotBlank();
        assertThat(scenario.federation()).contains(file.resolveSibling("federation.yaml").toAbsolutePath().normalize());
        assertThat(scenario.expectations()).contains(new Expectation.MaxErrorRate(java.util.Optional.empty(), 0.01));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void namesOnlyWhatItsFederationHas(Path file) throws Exception {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = loader.load(file);
        FederationConfig federation = new FederationConfigLoader().load(scenario.federation().orElseThrow(),
                LoadOptions.withoutFileChecks());

        assertThatCode(() -> loader.validate(scenario, federation)).doesNotThrowAnyException();
    }

    @Test
    void theDrillFederationHasThreeRegionsAndARegionWhoseLeaderCanBeLost() throws Exception {
        FederationConfig federation = new FederationConfigLoader().load(ScenarioFiles.configs().resolve("drills/federation.yaml"),
                LoadOptions.withoutFileChecks());

        assertThat(federation.regions()).hasSize(3);
        assertThat(federation.region(RegionName.of("us-east")).orElseThrow().nodes()).hasSize(3);
        assertThat(federation.regions()).flatMap(r -> r.nodes()).extracting(NodeConfig::host).containsOnly("127.0.0.1");
        assertThat(federation.regions().stream().filter(r -> r.service(dev.strait.policy.model.ServiceName.of("payments")).isPresent()))
                .hasSize(2);
    }
}
