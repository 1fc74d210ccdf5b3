package dev.strait.gateway.cli;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.DemoInstructions;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private static final Duration FEDERATION_DEADLINE = Duration.ofSeconds(30);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
        LocalFederation federation = LocalFederation.start(loaded.get(), data);
        // Cross-region calls route once each region imported the others' catalogs; print the calls after that.
        if (!federation.awaitFederated(FEDERATION_DEADLINE)) {
            err.println("strait demo: the regions did not federate within " + FEDERATION_DEADLINE.toSeconds()
                    + " s; cross-region calls may answer unknown_service until they do (see /v1/status of each node)");
        }
        new DemoInstructions(home.resolve("gateway/src/main/proto/strait/echo/v1/echo.proto")).print(federation, out);
        RunCommand.awaitShutdown(federation);
        return 0;
    }
}
