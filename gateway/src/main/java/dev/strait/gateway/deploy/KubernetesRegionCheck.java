package dev.strait.gateway.deploy;

import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a region of a loaded config can run as the StatefulSet that
 * {@link KubernetesManifests} renders, and reports every reason it cannot, each where it is in the
 * config: the nodes' hosts must be the pods' DNS names, their admin listeners reachable by the
 * kubelet's probes, their ports alike (the pods share one template), and their certificates in the
 * layout under an absolute directory (where the pods mount the Secrets).
 */
final class KubernetesRegionCheck {
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::");

    private final FederationConfig config;
    private final ConfigSource source;
    private final KubernetesNames names;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private KubernetesRegionCheck(FederationConfig config, ConfigSource source, KubernetesNames names) {
        this.config = config;
        this.source = source;
        this.names = names;
    }

    /** The region the target names, when it can be deployed; else every problem. */
    static RegionConfig check(FederationConfig config, ConfigSource source, KubernetesNames names) throws DeployException {
        return new KubernetesRegionCheck(config, source, names).run();
    }

    private RegionConfig run() throws DeployException {
        Optional<RegionConfig> found = config.region(names.region());
        if (found.isEmpty()) {
            throw new DeployException(List.of(source.problem("regions", "no region '" + names.region() + "' in federation '"
                    + config.name() + "' (expected one of: " + String.join(", ", config.regions().stream()
                    .map(r -> r.name().value()).toList()) + ")", "regions")));
        }
        RegionConfig region = found.get();
        String regionKey = region.name().value();
        if (names.statefulSet().length() > KubernetesNames.LONGEST_STATEFUL_SET_NAME) {
            problems.add(source.problem("regions." + regionKey, "the StatefulSet name '" + names.statefulSet() + "' is longer than "
                    + KubernetesNames.LONGEST_STATEFUL_SET_NAME + " characters (expected: a region name of at most "
                    + (KubernetesNames.LONGEST_STATEFUL_SET_NAME - "strait-".length()) + " characters)", "regions", regionKey));
        }
        checkCertificateDirectory();
        NodeConfig first = region.nodes().getFirst();
        for (int ordinal = 0; ordinal < region.nodes().size(); ordinal++) {
            checkNode(region, ordinal, first);
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            throw new DeployException(problems);
        }
        return region;
    }

    private void checkCertificateDirectory() {
        Optional<String> written = source.scalar("certificates");
        String shown = written.orElse("certs (the default)");
        if (written.isEmpty() || !Path.of(written.get()).isAbsolute()) {
            problems.add(source.problem(written.isEmpty() ? "" : "certificates", "'" + shown + "' is relative to the config file, "
                    + "which the pods read from a ConfigMap volume where no certificate can be (expected: an absolute path, such as "
                    + "certificates: /etc/strait/certs)", "certificates"));
        } else if (Path.of(written.get()).normalize().startsWith(KubernetesManifests.CONFIG_DIRECTORY)) {
            problems.add(source.problem("certificates", "'" + written.get() + "' is inside " + KubernetesManifests.CONFIG_DIRECTORY
                    + ", where the pods mount the config (expected: another absolute path, such as /etc/strait/certs)", "certificates"));
        }
    }

    private void checkNode(RegionConfig region, int ordinal, NodeConfig first) {
        NodeConfig node = region.nodes().get(ordinal);
        String regionKey = region.name().value();
        String nodeKey = node.id().value();
        String element = "regions." + regionKey + ".nodes." + nodeKey;
        String expectedHost = names.podHost(ordinal);
        if (!node.host().equals(expectedHost)) {
            problems.add(source.problem(element + ".host", "'" + node.host() + "' is not the DNS name of the pod that runs this node "
                    + "(expected: " + expectedHost + ": node " + ordinal + " of the region, in config order, runs in pod " + ordinal
                    + " of StatefulSet " + names.statefulSet() + ", named through headless Service " + names.headlessService()
                    + " in namespace " + names.namespace() + ")", "regions", regionKey, "nodes", nodeKey, "host"));
        }
        if (!WILDCARDS.contains(node.adminHost()) && !node.adminHost().equals(node.host())) {
            problems.add(source.problem(element + ".adminHost", "'" + node.adminHost() + "' cannot be reached by the kubelet, which "
                    + "probes /readyz and /healthz on the pod's address (expected: adminHost: 0.0.0.0; mutating admin calls then need "
                    + "the admin token, which the pods read from Secret " + names.adminTokenSecret() + ")",
                    "regions", regionKey, "nodes", nodeKey, "adminHost"));
        }
        if (!node.ports().equals(first.ports())) {
            problems.add(source.problem(element + ".ports", "the ports differ from those of node '" + first.id() + "', but the pods "
                    + "of a StatefulSet share one template (expected: the same ports on every node of the region)",
                    "regions", regionKey, "nodes", nodeKey, "ports"));
        }
        if (!node.tls().equals(new CertificateLayout(config.certificateDirectory()).node(region.name(), node.id()))) {
            problems.add(source.problem(element + ".tls", "explicit certificate files are not where the pods mount Secret "
                    + names.nodeSecret(node.id()) + " (expected: no tls key; the node's files come from the certificate layout "
                    + "under '" + config.certificateDirectory() + "')", "regions", regionKey, "nodes", nodeKey, "tls"));
        }
    }
}
