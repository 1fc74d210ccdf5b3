package dev.strait.gateway.cli;

import dev.strait.gateway.accesslog.AccessLogSettings;
import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.DemoInstructions;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.node.NodeOptions;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strait demo}: a whole federation with echo backends in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs every node of a federation and its echo backends in one process, and prints how to call them.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "the federation (default: configs/demo.yaml)")
    private Path config;

    @Option(names = "--work", paramLabel = "DIR", description = "where certificates go (default: a strait-demo directory under the temp dir)")
    private Path work;

    @Option(names = "--access-log", paramLabel = "stdout|off|DIR", defaultValue = "off",
            description = "where the nodes write their access logs, one JSON line per call: stdout, off, or a directory"
                    + " with one REGION-NODE.log file per node (default: ${DEFAULT-VALUE})")
    private String accessLog;

    @Option(names = "--access-log-sample", paramLabel = "RATE", defaultValue = "1.0",
            description = "the share of calls that went well (status below 500) the access logs keep, 0 to 1; failed calls are"
                    + " always logged (default: ${DEFAULT-VALUE})")
    private double accessLogSample;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private static final Duration FEDERATION_DEADLINE = Duration.ofSeconds(30);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AccessLogSettings accessLogs = accessLogSettings();
        Path home = Path.of(System.getenv().getOrDefault("STRAIT_HOME", "."));
        Path file = config != null ? config : home.resolve("configs/demo.yaml");
        if (!Files.isRegularFile(file)) {
            err.println("strait demo: no config at " + file + " (give one with --config)");
            return 1;
        }
        Path workDirectory = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"), "strait-demo");
        Path certificates = workDirectory.resolve("certs");
        Optional<FederationConfig> unchecked = ConfigFiles.load(file, LoadOptions.withoutFileChecks().withCertificateDirectory(certificates), err);
        if (unchecked.isEmpty()) {
            return 1;
        }
        new FederationCertificates(Clock.systemUTC()).issue(unchecked.get(), certificates);
        Optional<FederationConfig> loaded = ConfigFiles.load(file, LoadOptions.defaults().withCertificateDirectory(certificates), err);
        if (loaded.isEmpty()) {
            return 1;
        }
        out.println("strait demo: certificates in " + certificates.toAbsolutePath());
        // Every demo starts its regions afresh, from the config it was given.
        Path data = workDirectory.resolve("data");
        DirectoryTrees.delete(data);
        LocalFederation federation = LocalFederation.start(loaded.get(), data, Set.of(),
                (region, node) -> NodeOptions.DEFAULTS.withAccessLog(forNode(accessLogs, region, node)));
        // Cross-region calls route once each region imported the others' catalogs; print the calls after that.
        if (!federation.awaitFederated(FEDERATION_DEADLINE)) {
            err.println("strait demo: the regions did not federate within " + FEDERATION_DEADLINE.toSeconds()
                    + " s; cross-region calls may answer unknown_service until they do (see /v1/status of each node)");
        }
        new DemoInstructions(home.resolve("gateway/src/main/proto/strait/echo/v1/echo.proto")).print(federation, out);
        RunCommand.awaitShutdown(federation);
        return 0;
    }

    /** The access logs {@code --access-log} and {@code --access-log-sample} ask for; {@link #forNode} gives each node its file. */
    private AccessLogSettings accessLogSettings() {
        try {
            return new AccessLogSettings(AccessLogSettings.Destination.of(accessLog), accessLogSample);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code settings} for one node: a directory becomes the node's own file in it. */
    private static AccessLogSettings forNode(AccessLogSettings settings, RegionName region, NodeId node) {
        if (settings.destination() instanceof AccessLogSettings.Destination.File directory) {
            return new AccessLogSettings(new AccessLogSettings.Destination.File(
                    directory.path().resolve(region.value() + "-" + node.value() + ".log")), settings.sampleRate());
        }
        return settings;
    }
}
