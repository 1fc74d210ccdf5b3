package dev.strait.gateway.cli;

import dev.strait.gateway.deploy.DeployException;
import dev.strait.gateway.deploy.KubernetesManifests;
import dev.strait.gateway.deploy.KubernetesTarget;
import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strait deploy kubernetes}: prints what runs a region on a platform, for the platform's own tools to apply. */
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "Prints what runs a region on a platform.",
        subcommands = DeployCommand.Kubernetes.class)
final class DeployCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (kubernetes)");
    }

    @Command(name = "kubernetes", mixinStandardHelpOptions = true,
            description = {"Prints the Kubernetes manifests of one region as multi-document YAML, for 'kubectl apply -f -':",
                "a StatefulSet of the region's nodes, its Services, a PodDisruptionBudget and a ConfigMap with the config.",
                "The region's hosts must be the pods' DNS names; see docs/deploy-kubernetes.md."})
    static final class Kubernetes implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the federation config")
        private Path config;

        @Option(names = "--region", required = true, paramLabel = "REGION", description = "the region to deploy")
        private String region;

        @Option(names = "--namespace", paramLabel = "NS", defaultValue = KubernetesTarget.DEFAULT_NAMESPACE,
                description = "the namespace of every object (default: ${DEFAULT-VALUE})")
        private String namespace;

        @Option(names = "--image", paramLabel = "IMAGE", description = "the Strait container image (default: strait:VERSION)")
        private String image;

        @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = KubernetesTarget.DEFAULT_CLUSTER_DOMAIN,
                description = "the cluster's DNS domain, the end of the pods' DNS names (default: ${DEFAULT-VALUE})")
        private String clusterDomain;

        @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = DurationOption.class,
                description = "strait run's --drain-timeout in the pods; the grace period for stopping a pod follows from it "
                        + "(default: strait run's)")
        private Duration drainTimeout;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            KubernetesTarget target = target();
            // The certificates live in the cluster's Secrets, not on the machine that renders.
            Optional<FederationConfig> loaded = ConfigFiles.load(config, LoadOptions.withoutFileChecks(), err);
            if (loaded.isEmpty()) {
                return 1;
            }
            try {
                String text = Files.readString(config, StandardCharsets.UTF_8);
                PrintWriter out = spec.commandLine().getOut();
                out.print(KubernetesManifests.render(loaded.get(), text, target));
                out.flush();
                return 0;
            } catch (DeployException e) {
                for (ConfigProblem problem : e.problems()) {
                    err.println(problem);
                }
                err.flush();
                return 1;
            } catch (IOException e) {
                err.println("strait deploy kubernetes: cannot read " + config + ": " + e.getMessage());
                err.flush();
                return 1;
            }
        }

        private KubernetesTarget target() {
            try {
                return new KubernetesTarget(RegionName.of(region), namespace, image == null ? defaultImage() : image, clusterDomain,
                        drainTimeout == null ? runDrainTimeout() : drainTimeout);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        /** {@code strait run}'s own default, so that a pod drains as a node started by hand would. */
        static Duration runDrainTimeout() {
            String value = new CommandLine(new RunCommand()).getCommandSpec().findOption("--drain-timeout").defaultValue();
            return new DurationOption().convert(value);
        }

        private static String defaultImage() {
            String version = Main.class.getPackage().getImplementationVersion();
            return "strait:" + (version == null ? "dev" : version);
        }
    }
}
