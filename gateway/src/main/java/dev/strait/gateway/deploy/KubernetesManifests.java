package dev.strait.gateway.deploy;

import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Renders the Kubernetes objects that run one region of a federation, as multi-document YAML for
 * {@code kubectl apply -f -}: a ConfigMap with the config, a headless Service for the pods' stable
 * names, a ClusterIP Service for local callers, a LoadBalancer Service for the peer listener, a
 * PodDisruptionBudget that keeps the Raft quorum, and the StatefulSet. Secrets (certificates and
 * the admin token) are referenced, never rendered: they are created from {@code strait certs init}'s
 * files, as the header of the output says. docs/deploy-kubernetes.md explains every choice.
 */
public final class KubernetesManifests {
    /** Where the pods mount the ConfigMap; the certificate directory must lie elsewhere. */
    static final Path CONFIG_DIRECTORY = Path.of("/etc/strait/config");
    static final String CONFIG_FILE_NAME = "federation.yaml";
    /** Where the pods mount their volume claim: {@code strait run --data}. */
    static final String DATA_DIRECTORY = "/var/lib/strait";
    /** The distribution's launcher in the image (deploy/docker/Dockerfile). */
    static final String LAUNCHER = "/opt/strait/bin/strait";
    /** The image's non-root user and group. */
    static final int RUN_AS = 10001;
    static final String DATA_STORAGE = "10Gi";
    static final String CONTAINER = "strait";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FederationConfig config;
    private final ConfigSource source;
    private final KubernetesTarget target;
    private final KubernetesNames names;
    private final RegionConfig region;
    private final ListenerPorts ports;

    private KubernetesManifests(FederationConfig config, ConfigSource source, KubernetesTarget target, RegionConfig region) {
        this.config = config;
        this.source = source;
        this.target = target;
        this.names = target.names();
        this.region = region;
        this.ports = region.nodes().getFirst().ports();
    }

    /**
     * The manifests of {@code target}'s region of {@code config}, which was loaded from {@code text}
     * (put verbatim into the ConfigMap, since every node loads the same file).
     *
     * @throws DeployException when the region is unknown or cannot run as rendered, with every reason
     */
    public static String render(FederationConfig config, String text, KubernetesTarget target) throws DeployException {
        ConfigSource source = new ConfigSource(config.source(), text);
        RegionConfig region = KubernetesRegionCheck.check(config, source, target.names());
        return new KubernetesManifests(config, source, target, region).render();
    }

    private String render() {
        StringBuilder out = new StringBuilder(header());
        for (ObjectNode manifest : List.of(configMap(), headlessService(), localService(), peerService(), podDisruptionBudget(),
                statefulSet())) {
            out.append(YAML.writeValueAsString(manifest));
        }
        return out.toString();
    }

    /** What to create before applying: the namespace and the Secrets the pods read. */
    private String header() {
        String ns = "kubectl -n " + target.namespace() + " ";
        String certs = "CERTS";
        List<String> lines = new ArrayList<>(List.of(
                "Region " + region.name() + " of federation " + config.name() + " on Kubernetes, rendered by",
                "  strait deploy kubernetes --region " + region.name() + " --namespace " + target.namespace() + " --image "
                        + target.image() + " --config " + source.file().getFileName(),
                "Apply with 'kubectl apply -f FILE' after creating the namespace and the Secrets the pods read,",
                "from the files of 'strait certs init --config " + source.file().getFileName() + " --out " + certs + "'"
                        + " and an admin token file:",
                "  kubectl create namespace " + target.namespace(),
                "  " + ns + "create secret generic " + KubernetesNames.TRUST_BUNDLE_SECRET + " --from-file=ca.crt=" + certs
                        + "/ca/root.pem"));
        for (NodeConfig node : region.nodes()) {
            String dir = certs + "/" + region.name() + "/nodes/" + node.id() + "/";
            lines.add("  " + ns + "create secret tls " + names.nodeSecret(node.id()) + " --cert=" + dir + "chain.pem --key=" + dir
                    + "key.pem");
        }
        lines.add("  " + ns + "create secret generic " + names.adminTokenSecret() + " --from-file=token=ADMIN-TOKEN-FILE");
        lines.add("See docs/deploy-kubernetes.md.");
        StringBuilder header = new StringBuilder();
        lines.forEach(line -> header.append("# ").append(line).append('\n'));
        return header.toString();
    }

    private ObjectNode configMap() {
        ObjectNode map = manifest("v1", "ConfigMap", names.configMap());
        map.putObject("data").put(CONFIG_FILE_NAME, source.text());
        return map;
    }

    /** Gives pod i the DNS name that node i's {@code host} is, for the Raft group, federation and peer listeners. */
    private ObjectNode headlessService() {
        ObjectNode service = manifest("v1", "Service", names.headlessService());
        ObjectNode spec = service.putObject("spec");
        spec.put("clusterIP", "None");
        // The nodes must find each other to elect the leader that makes them ready.
        spec.put("publishNotReadyAddresses", true);
        spec.set("selector", selectorLabels());
        ArrayNode servicePorts = spec.putArray("ports");
        servicePorts.add(servicePort("raft", ports.raft()));
        servicePorts.add(servicePort("federation", ports.federation()));
        servicePorts.add(servicePort("peer", ports.peer()));
        return service;
    }

    /** The region's workloads call {@code <localService>.<namespace>.svc:<local port>}. */
    private ObjectNode localService() {
        ObjectNode service = manifest("v1", "Service", names.localService());
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.set("selector", selectorLabels());
        ArrayNode servicePorts = spec.putArray("ports");
        List<Integer> local = ports.localPorts();
        for (int i = 0; i < local.size(); i++) {
            servicePorts.add(servicePort(localPortName(i), local.get(i)));
        }
        return service;
    }

    private ObjectNode peerService() {
        ObjectNode service = manifest("v1", "Service", names.peerService());
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "LoadBalancer");
        spec.set("selector", selectorLabels());
        spec.putArray("ports").add(servicePort("peer", ports.peer()));
        return service;
    }

    /** Voluntary evictions (node drains, upgrades) leave a quorum of the region's Raft group running. */
    private ObjectNode podDisruptionBudget() {
        ObjectNode budget = manifest("policy/v1", "PodDisruptionBudget", names.podDisruptionBudget());
        ObjectNode spec = budget.putObject("spec");
        int nodes = region.nodes().size();
        spec.put("maxUnavailable", nodes - quorum(nodes));
        spec.putObject("selector").set("matchLabels", selectorLabels());
        return budget;
    }

    /** A majority of {@code nodes}: how many Raft needs to elect a leader and commit. */
    static int quorum(int nodes) {
        return nodes / 2 + 1;
    }

    private ObjectNode statefulSet() {
        ObjectNode set = manifest("apps/v1", "StatefulSet", names.statefulSet());
        ObjectNode spec = set.putObject("spec");
        spec.put("serviceName", names.headlessService());
        spec.put("replicas", region.nodes().size());
        // Each pod waits for a Raft leader to be ready, and a leader needs a quorum of pods started.
        spec.put("podManagementPolicy", "Parallel");
        spec.putObject("selector").set("matchLabels", selectorLabels());
        spec.putObject("updateStrategy").put("type", "RollingUpdate");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").set("labels", labels());
        template.set("spec", podSpec());
        ObjectNode claim = spec.putArray("volumeClaimTemplates").addObject();
        claim.putObject("metadata").put("name", "data");
        ObjectNode claimSpec = claim.putObject("spec");
        claimSpec.putArray("accessModes").add("ReadWriteOnce");
        claimSpec.putObject("resources").putObject("requests").put("storage", DATA_STORAGE);
        return set;
    }

    private ObjectNode podSpec() {
        ShutdownBudget budget = new ShutdownBudget(target.drainTimeout());
        ObjectNode pod = NODES.objectNode();
        pod.put("terminationGracePeriodSeconds", budget.terminationGracePeriod().toSeconds());
        ObjectNode security = pod.putObject("securityContext");
        security.put("runAsNonRoot", true);
        security.put("runAsUser", RUN_AS);
        security.put("runAsGroup", RUN_AS);
        security.put("fsGroup", RUN_AS);
        security.putObject("seccompProfile").put("type", "RuntimeDefault");
        // Losing one machine should cost the region one node, not its quorum.
        ObjectNode spread = pod.putObject("affinity").putObject("podAntiAffinity")
                .putArray("preferredDuringSchedulingIgnoredDuringExecution").addObject();
        spread.put("weight", 100);
        ObjectNode term = spread.putObject("podAffinityTerm");
        term.put("topologyKey", "kubernetes.io/hostname");
        term.putObject("labelSelector").set("matchLabels", selectorLabels());
        pod.putArray("containers").add(container());
        ArrayNode volumes = pod.putArray("volumes");
        ObjectNode configVolume = volumes.addObject();
        configVolume.put("name", "config");
        configVolume.putObject("configMap").put("name", names.configMap());
        volumes.add(certificatesVolume());
        ObjectNode tmp = volumes.addObject();
        tmp.put("name", "tmp");
        tmp.putObject("emptyDir");
        return pod;
    }

    private ObjectNode container() {
        ObjectNode container = NODES.objectNode();
        container.put("name", CONTAINER);
        container.put("image", target.image());
        container.putArray("command").add("/bin/sh").add("-c");
        container.putArray("args").add(startScript());
        ArrayNode env = container.putArray("env");
        ObjectNode podName = env.addObject();
        podName.put("name", "POD_NAME");
        podName.putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.name");
        // An environment variable rather than a file: a Secret volume's files are readable by the
        // pod's group, and strait run refuses a token file that others than its owner may read.
        ObjectNode token = env.addObject();
        token.put("name", "STRAIT_ADMIN_TOKEN");
        ObjectNode tokenRef = token.putObject("valueFrom").putObject("secretKeyRef");
        tokenRef.put("name", names.adminTokenSecret());
        tokenRef.put("key", "token");
        ObjectNode heap = env.addObject();
        heap.put("name", "STRAIT_JAVA_OPTS");
        heap.put("value", "-XX:MaxRAMPercentage=50");
        ArrayNode containerPorts = container.putArray("ports");
        List<Integer> local = ports.localPorts();
        for (int i = 0; i < local.size(); i++) {
            containerPorts.add(containerPort(localPortName(i), local.get(i)));
        }
        containerPorts.add(containerPort("peer", ports.peer()));
        containerPorts.add(containerPort("admin", ports.admin()));
        containerPorts.add(containerPort("raft", ports.raft()));
        containerPorts.add(containerPort("federation", ports.federation()));
        container.set("startupProbe", probe("/healthz", 2, 60));
        container.set("readinessProbe", probe("/readyz", 5, 2));
        container.set("livenessProbe", probe("/healthz", 10, 3));
        container.putObject("lifecycle").putObject("preStop").putObject("sleep")
                .put("seconds", ShutdownBudget.PRE_STOP_DELAY.toSeconds());
        ObjectNode resources = container.putObject("resources");
        resources.putObject("requests").put("cpu", "500m").put("memory", "1Gi");
        resources.putObject("limits").put("memory", "1Gi");
        ObjectNode security = container.putObject("securityContext");
        security.put("allowPrivilegeEscalation", false);
        security.put("readOnlyRootFilesystem", true);
        security.putObject("capabilities").putArray("drop").add("ALL");
        ArrayNode mounts = container.putArray("volumeMounts");
        mounts.add(mount("config", CONFIG_DIRECTORY.toString(), true));
        mounts.add(mount("certificates", config.certificateDirectory().toString(), true));
        mounts.add(mount("data", DATA_DIRECTORY, false));
        mounts.add(mount("tmp", "/tmp", false));
        return container;
    }

    /**
     * The container's command: pod i runs node i of the region, in config order. A StatefulSet's
     * pods share one template, so the pod finds its node from the ordinal at the end of its name.
     */
    private String startScript() {
        StringBuilder script = new StringBuilder();
        script.append("# Pod i runs node i of region ").append(region.name()).append(", in config order.\n");
        script.append("case \"${POD_NAME##*-}\" in\n");
        for (int ordinal = 0; ordinal < region.nodes().size(); ordinal++) {
            script.append("  ").append(ordinal).append(") node=").append(region.nodes().get(ordinal).id()).append(" ;;\n");
        }
        script.append("  *) echo \"strait: pod $POD_NAME has no node in region ").append(region.name())
                .append("\" >&2; exit 1 ;;\n");
        script.append("esac\n");
        script.append("exec ").append(LAUNCHER).append(" run --config ").append(CONFIG_DIRECTORY.resolve(CONFIG_FILE_NAME))
                .append(" --node \"").append(region.name()).append("/$node\" --data ").append(DATA_DIRECTORY)
                .append(" --drain-timeout ").append(target.drainTimeout().toSeconds()).append("s\n");
        return script.toString();
    }

    /** The trust bundle and the region's node certificates, each where the certificate layout expects it. */
    private ObjectNode certificatesVolume() {
        ObjectNode volume = NODES.objectNode();
        volume.put("name", "certificates");
        ObjectNode projected = volume.putObject("projected");
        // Readable by the pod's group (fsGroup), so by the node's user only.
        projected.put("defaultMode", 0440);
        ArrayNode sources = projected.putArray("sources");
        ObjectNode trust = sources.addObject().putObject("secret");
        trust.put("name", KubernetesNames.TRUST_BUNDLE_SECRET);
        trust.putArray("items").add(item("ca.crt", "ca/root.pem"));
        for (NodeConfig node : region.nodes()) {
            ObjectNode secret = sources.addObject().putObject("secret");
            secret.put("name", names.nodeSecret(node.id()));
            String dir = region.name() + "/nodes/" + node.id() + "/";
            ArrayNode items = secret.putArray("items");
            items.add(item("tls.crt", dir + "chain.pem"));
            items.add(item("tls.key", dir + "key.pem"));
        }
        return volume;
    }

    private ObjectNode manifest(String apiVersion, String kind, String name) {
        ObjectNode manifest = NODES.objectNode();
        manifest.put("apiVersion", apiVersion);
        manifest.put("kind", kind);
        ObjectNode metadata = manifest.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", target.namespace());
        metadata.set("labels", labels());
        return manifest;
    }

    /** Every object's labels. */
    private ObjectNode labels() {
        ObjectNode labels = selectorLabels();
        labels.put("app.kubernetes.io/component", "gateway");
        labels.put("app.kubernetes.io/part-of", config.name());
        labels.put("strait.dev/region", region.name().value());
        return labels;
    }

    /** The labels that select the region's pods: stable for the StatefulSet's life, since its selector cannot change. */
    private ObjectNode selectorLabels() {
        ObjectNode labels = NODES.objectNode();
        labels.put("app.kubernetes.io/name", "strait");
        labels.put("app.kubernetes.io/instance", names.statefulSet());
        return labels;
    }

    private static String localPortName(int index) {
        return index == 0 ? "local" : "local-" + index;
    }

    private static ObjectNode servicePort(String name, int port) {
        ObjectNode servicePort = NODES.objectNode();
        servicePort.put("name", name);
        servicePort.put("port", port);
        servicePort.put("targetPort", name);
        servicePort.put("protocol", "TCP");
        return servicePort;
    }

    private static ObjectNode containerPort(String name, int port) {
        ObjectNode containerPort = NODES.objectNode();
        containerPort.put("name", name);
        containerPort.put("containerPort", port);
        containerPort.put("protocol", "TCP");
        return containerPort;
    }

    private static ObjectNode probe(String path, int periodSeconds, int failureThreshold) {
        ObjectNode probe = NODES.objectNode();
        ObjectNode get = probe.putObject("httpGet");
        get.put("path", path);
        get.put("port", "admin");
        probe.put("periodSeconds", periodSeconds);
        probe.put("timeoutSeconds", 2);
        probe.put("failureThreshold", failureThreshold);
        return probe;
    }

    private static ObjectNode mount(String volume, String path, boolean readOnly) {
        ObjectNode mount = NODES.objectNode();
        mount.put("name", volume);
        mount.put("mountPath", path);
        if (readOnly) {
            mount.put("readOnly", true);
        }
        return mount;
    }

    private static ObjectNode item(String key, String path) {
        ObjectNode item = NODES.objectNode();
        item.put("key", key);
        item.put("path", path);
        return item;
    }
}
