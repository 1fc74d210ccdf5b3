package dev.strait.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubernetesManifestsTest {
    private static final Path ROOT = Repository.root();
    private static final Path EXAMPLE = ROOT.resolve("configs/examples/kubernetes.yaml");
    private static final Path COMMITTED = ROOT.resolve("deploy/kubernetes/us-east.yaml");
    private static final String IMAGE = "strait:0.1.0-SNAPSHOT";
    private static final RegionName US_EAST = RegionName.of("us-east");

    private static FederationConfig config;
    private static RegionConfig region;
    private static ListenerPorts ports;
    private static String rendered;
    private static Map<String, JsonNode> byKindAndName;

    @BeforeAll
    static void render() throws Exception {
        config = new FederationConfigLoader().load(EXAMPLE, LoadOptions.withoutFileChecks());
        region = config.region(US_EAST).orElseThrow();
        ports = region.nodes().getFirst().ports();
        rendered = KubernetesManifests.render(config, Files.readString(EXAMPLE),
                new KubernetesTarget(US_EAST, "strait", IMAGE, "cluster.local", Duration.ofSeconds(30)));
        byKindAndName = new HashMap<>();
        for (JsonNode manifest : parse(rendered)) {
            byKindAndName.put(manifest.path("kind").asString() + "/" + manifest.at("/metadata/name").asString(), manifest);
        }
    }

    @Test
    void rendersOneRegionAsNamespacedObjects() {
        List<JsonNode> manifests = parse(rendered);

        assertThat(manifests).map(m -> m.path("kind").asString() + "/" + m.at("/metadata/name").asString()).containsExactly(
                "ConfigMap/strait-us-east-config", "Service/strait-us-east", "Service/strait-us-east-local",
                "Service/strait-us-east-peer", "PodDisruptionBudget/strait-us-east", "StatefulSet/strait-us-east");
        assertThat(manifests).allSatisfy(m -> {
            assertThat(m.at("/metadata/namespace").asString()).isEqualTo("strait");
            assertThat(m.at("/metadata/labels/strait.dev~1region").asString()).isEqualTo("us-east");
        });
    }

    @Test
    void theCommittedManifestsAreWhatTheCommandPrints() throws IOException {
        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", EXAMPLE.toString(), "--region", "us-east",
                "--image", IMAGE);

        assertThat(run.errLines()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(rendered);
        assertThat(Files.readString(COMMITTED))
                .as("deploy/kubernetes/us-east.yaml is stale; regenerate it with: ./strait deploy kubernetes --config "
                        + "configs/examples/kubernetes.yaml --region us-east --image " + IMAGE + " > deploy/kubernetes/us-east.yaml")
                .isEqualTo(run.out());
    }

    @Test
    void theStatefulSetRunsNodeIOfTheRegionInPodIUnderItsHostName() {
        JsonNode set = object("StatefulSet/strait-us-east");
        JsonNode headless = object("Service/" + set.at("/spec/serviceName").asString());

        assertThat(set.at("/spec/replicas").asInt()).isEqualTo(region.nodes().size());
        assertThat(set.at("/spec/podManagementPolicy").asString()).isEqualTo("Parallel");
        assertThat(headless.at("/spec/clusterIP").asString()).isEqualTo("None");
        assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
        Map<String, String> nodeOfOrdinal = nodeOfOrdinal(startScript());
        for (int ordinal = 0; ordinal < region.nodes().size(); ordinal++) {
            NodeConfig node = region.nodes().get(ordinal);
            String podDnsName = set.at("/metadata/name").asString() + "-" + ordinal + "." + headless.at("/metadata/name").asString()
                    + "." + set.at("/metadata/namespace").asString() + ".svc.cluster.local";
            assertThat(node.host()).as("host of node %s", node.id()).isEqualTo(podDnsName);
            assertThat(nodeOfOrdinal).containsEntry(Integer.toString(ordinal), node.id().value());
        }
        assertThat(nodeOfOrdinal).hasSize(region.nodes().size());
        assertThat(startScript()).contains("--node \"us-east/$node\"");
    }

    @Test
    void everySelectorSelectsThePodsOfTheRegion() {
        JsonNode podLabels = object("StatefulSet/strait-us-east").at("/spec/template/metadata/labels");
        List<JsonNode> selectors = List.of(
                object("StatefulSet/strait-us-east").at("/spec/selector/matchLabels"),
                object("PodDisruptionBudget/strait-us-east").at("/spec/selector/matchLabels"),
                object("Service/strait-us-east").at("/spec/selector"),
                object("Service/strait-us-east-local").at("/spec/selector"),
                object("Service/strait-us-east-peer").at("/spec/selector"));

        assertThat(selectors).allSatisfy(selector -> {
            assertThat(selector.isEmpty()).isFalse();
            selector.properties().forEach(label -> assertThat(podLabels.path(label.getKey()).asString())
                    .as("pod label %s", label.getKey()).isEqualTo(label.getValue().asString()));
        });
    }

    @Test
    void everyPortIsTheConfigsPortOfTheRegion() {
        Map<String, Integer> containerPorts = new HashMap<>();
        container().path("ports").forEach(p -> containerPorts.put(p.path("name").asString(), p.path("containerPort").asInt()));

        assertThat(containerPorts).containsExactlyInAnyOrderEntriesOf(Map.of("local", ports.local(), "peer", ports.peer(),
                "admin", ports.admin(), "raft", ports.raft(), "federation", ports.federation()));
        assertThat(servicePorts("Service/strait-us-east")).containsExactlyInAnyOrderEntriesOf(
                Map.of("raft", ports.raft(), "federation", ports.federation(), "peer", ports.peer()));
        assertThat(servicePorts("Service/strait-us-east-local")).containsExactlyEntriesOf(Map.of("local", ports.local()));
        assertThat(servicePorts("Service/strait-us-east-peer")).containsExactlyEntriesOf(Map.of("peer", ports.peer()));
        assertThat(object("Service/strait-us-east-local").at("/spec/type").asString()).isEqualTo("ClusterIP");
        assertThat(object("Service/strait-us-east-peer").at("/spec/type").asString()).isEqualTo("LoadBalancer");
        for (String service : List.of("Service/strait-us-east", "Service/strait-us-east-local", "Service/strait-us-east-peer")) {
            object(service).at("/spec/ports").forEach(p -> assertThat(containerPorts)
                    .containsEntry(p.path("targetPort").asString(), p.path("port").asInt()));
        }
    }

    @Test
    void probesAskTheAdminPortWhetherTheNodeIsReadyAndAlive() {
        JsonNode container = container();
        Map<String, Integer> containerPorts = new HashMap<>();
        container.path("ports").forEach(p -> containerPorts.put(p.path("name").asString(), p.path("containerPort").asInt()));

        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/readyz");
        assertThat(containerPorts.get(container.at("/readinessProbe/httpGet/port").asString())).isEqualTo(ports.admin());
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/healthz");
        assertThat(containerPorts.get(container.at("/livenessProbe/httpGet/port").asString())).isEqualTo(ports.admin());
        assertThat(region.nodes()).allSatisfy(node -> assertThat(node.adminHost()).isEqualTo("0.0.0.0"));
        assertThat(container.at("/env").findValuesAsString("name")).contains("STRAIT_ADMIN_TOKEN");
        assertThat(container.at("/env/1/valueFrom/secretKeyRef/name").asString()).isEqualTo("strait-us-east-admin-token");
    }

    @Test
    void theDisruptionBudgetKeepsARaftQuorum() {
        int replicas = object("StatefulSet/strait-us-east").at("/spec/replicas").asInt();
        int maxUnavailable = object("PodDisruptionBudget/strait-us-east").at("/spec/maxUnavailable").asInt();

        assertThat(maxUnavailable).isEqualTo(1);
        assertThat(replicas - maxUnavailable).isGreaterThanOrEqualTo(replicas / 2 + 1);
        assertThat(KubernetesManifests.quorum(5)).isEqualTo(3);
        assertThat(KubernetesManifests.quorum(4)).isEqualTo(3);
    }

    @Test
    void theDataClaimIsWhereTheNodeKeepsItsRaftLog() {
        JsonNode set = object("StatefulSet/strait-us-east");
        String claim = set.at("/spec/volumeClaimTemplates/0/metadata/name").asString();

        assertThat(set.at("/spec/volumeClaimTemplates/0/spec/accessModes/0").asString()).isEqualTo("ReadWriteOnce");
        assertThat(mountPath(claim)).isEqualTo(option(startScript(), "--data"));
        assertThat(mount(claim).path("readOnly").asBoolean(false)).isFalse();
    }

    @Test
    void theConfigAndTheCertificatesAreWhereTheNodeLooksForThem() throws IOException {
        JsonNode set = object("StatefulSet/strait-us-east");
        String configFile = option(startScript(), "--config");
        Path certificates = config.certificateDirectory();
        JsonNode certificatesVolume = volume("certificates");
        Map<String, String> mounted = new HashMap<>();   // path under the certificate directory -> Secret/key
        certificatesVolume.at("/projected/sources").forEach(source -> source.at("/secret/items").forEach(item -> mounted.put(
                item.path("path").asString(), source.at("/secret/name").asString() + "/" + item.path("key").asString())));

        assertThat(Path.of(configFile).getParent().toString()).isEqualTo(mountPath("config"));
        assertThat(volume("config").at("/configMap/name").asString()).isEqualTo("strait-us-east-config");
        assertThat(object("ConfigMap/strait-us-east-config").at("/data/" + Path.of(configFile).getFileName()).asString())
                .isEqualTo(Files.readString(EXAMPLE));
        assertThat(mountPath("certificates")).isEqualTo(certificates.toString());
        assertThat(mount("certificates").path("readOnly").asBoolean(false)).isTrue();
        Map<String, String> expected = new HashMap<>();
        for (NodeConfig node : region.nodes()) {
            String secret = "strait-us-east-" + node.id() + "-tls";
            expected.put(certificates.relativize(node.tls().certificateChain()).toString(), secret + "/tls.crt");
            expected.put(certificates.relativize(node.tls().privateKey()).toString(), secret + "/tls.key");
            expected.put(certificates.relativize(node.tls().trustBundle()).toString(), "strait-trust-bundle/ca.crt");
        }
        assertThat(mounted).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(set.at("/spec/template/spec/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(set.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
    }

    @Test
    void aStoppingPodHasTimeToDrain() {
        long grace = object("StatefulSet/strait-us-east").at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        long preStop = container().at("/lifecycle/preStop/sleep/seconds").asLong();
        Duration drain = Duration.ofSeconds(Long.parseLong(option(startScript(), "--drain-timeout").replace("s", "")));

        assertThat(drain).isEqualTo(new ShutdownBudget(Duration.ofSeconds(30)).drainTimeout());
        assertThat(Duration.ofSeconds(grace)).isGreaterThan(Duration.ofSeconds(preStop).plus(new ShutdownBudget(drain).longestStop()));
    }

    @Test
    void theDefaultDrainTimeoutIsStraitRuns() {
        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", EXAMPLE.toString(), "--region", "us-east");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--drain-timeout " + Repository.runCommand().findOption("--drain-timeout").defaultValue());
    }

    @Test
    void anUnknownRegionIsReportedWithTheRegionsThereAre() {
        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", EXAMPLE.toString(), "--region", "us-wset");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(EXAMPLE + ":22:3: regions: no region 'us-wset' in federation 'acme-k8s' "
                + "(expected one of: us-east, eu-west)");
    }

    @Test
    void hostsThatAreNotThePodsNamesAreReportedWithTheNameExpected() {
        Path threeRegions = ROOT.resolve("configs/examples/three-regions.yaml");

        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", threeRegions.toString(), "--region", "us-east");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).contains(
                threeRegions + ":22:15: regions.us-east.nodes.gw-a.host: '10.10.0.11' is not the DNS name of the pod that runs this "
                        + "node (expected: strait-us-east-0.strait-us-east.strait.svc.cluster.local: node 0 of the region, in config "
                        + "order, runs in pod 0 of StatefulSet strait-us-east, named through headless Service strait-us-east in "
                        + "namespace strait)",
                threeRegions + ":26:15: regions.us-east.nodes.gw-b.host: '10.10.0.12' is not the DNS name of the pod that runs this "
                        + "node (expected: strait-us-east-1.strait-us-east.strait.svc.cluster.local: node 1 of the region, in config "
                        + "order, runs in pod 1 of StatefulSet strait-us-east, named through headless Service strait-us-east in "
                        + "namespace strait)");
        assertThat(run.errLines()).anySatisfy(line -> assertThat(line).startsWith(threeRegions + ":")
                .contains("regions.us-east.nodes.gw-a.adminHost: '127.0.0.1' cannot be reached by the kubelet"));
    }

    @Test
    void anotherNamespaceNeedsOtherHosts() {
        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", EXAMPLE.toString(), "--region", "us-east",
                "--namespace", "edge");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(3).allSatisfy(line -> assertThat(line).containsPattern(
                "regions\\.us-east\\.nodes\\.gw-[abc]\\.host: .* \\(expected: strait-us-east-[012]\\.strait-us-east\\.edge\\."
                        + "svc\\.cluster\\.local"));
    }

    @Test
    void aRelativeCertificateDirectoryIsRefused(@TempDir Path dir) throws IOException {
        Path relative = dir.resolve("federation.yaml");
        Files.writeString(relative, Files.readString(EXAMPLE).replace("certificates: /etc/strait/certs", "certificates: certs"));

        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", relative.toString(), "--region", "us-east");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly(relative + ":19:15: certificates: 'certs' is relative to the config file, "
                + "which the pods read from a ConfigMap volume where no certificate can be (expected: an absolute path, such as "
                + "certificates: /etc/strait/certs)");
    }

    @Test
    void anInvalidConfigIsReportedAsValidateReportsIt(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("federation.yaml");
        Files.writeString(broken, Files.readString(EXAMPLE).replace("adminHost: 0.0.0.0", "adminhost: 0.0.0.0"));

        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", broken.toString(), "--region", "us-east");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).first().asString().startsWith(broken + ":27:9: regions.us-east.nodes.gw-a.adminhost: unknown key");
    }

    @Test
    void aNamespaceThatIsNotALabelIsAUsageError() {
        Repository.Run run = Repository.strait("deploy", "kubernetes", "--config", EXAMPLE.toString(), "--region", "us-east",
                "--namespace", "Edge_1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("namespace 'Edge_1' is not a DNS label");
    }

    private static List<JsonNode> parse(String yaml) {
        return YAMLMapper.builder().build().readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    }

    private static JsonNode object(String kindAndName) {
        assertThat(byKindAndName).containsKey(kindAndName);
        return byKindAndName.get(kindAndName);
    }

    private static JsonNode container() {
        return object("StatefulSet/strait-us-east").at("/spec/template/spec/containers/0");
    }

    private static String startScript() {
        JsonNode container = container();
        assertThat(container.at("/command").toString()).isEqualTo("[\"/bin/sh\",\"-c\"]");
        return container.at("/args/0").asString();
    }

    private static JsonNode volume(String name) {
        for (JsonNode volume : object("StatefulSet/strait-us-east").at("/spec/template/spec/volumes")) {
            if (volume.path("name").asString().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static JsonNode mount(String volume) {
        for (JsonNode mount : container().path("volumeMounts")) {
            if (mount.path("name").asString().equals(volume)) {
                return mount;
            }
        }
        throw new AssertionError("no mount of volume " + volume);
    }

    private static String mountPath(String volume) {
        return mount(volume).path("mountPath").asString();
    }

    private static Map<String, Integer> servicePorts(String service) {
        Map<String, Integer> servicePorts = new java.util.LinkedHashMap<>();
        object(service).at("/spec/ports").forEach(p -> servicePorts.put(p.path("name").asString(), p.path("port").asInt()));
        return servicePorts;
    }

    /** The value after {@code option} on the script's {@code strait run} line. */
    private static String option(String script, String option) {
        Matcher matcher = Pattern.compile(Pattern.quote(option) + " (\\S+)").matcher(script);
        assertThat(matcher.find()).as("%s in %s", option, script).isTrue();
        return matcher.group(1);
    }

    /** The script's {@code case} arms: pod ordinal to node name. */
    private static Map<String, String> nodeOfOrdinal(String script) {
        Map<String, String> arms = new HashMap<>();
        Matcher matcher = Pattern.compile("(?m)^\\s*(\\d+)\\) node=([a-z0-9-]+) ;;$").matcher(script);
        while (matcher.find()) {
            arms.put(matcher.group(1), matcher.group(2));
        }
        return arms;
    }
}
