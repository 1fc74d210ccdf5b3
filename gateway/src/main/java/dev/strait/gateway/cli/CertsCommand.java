package dev.strait.gateway.cli;

import dev.strait.gateway.certs.ExistingCertificates;
import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.certs.IssuanceReport;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strait certs init}: issues the federation's certificates. */
@Command(name = "certs", mixinStandardHelpOptions = true, description = "Manages the federation's certificates.",
        subcommands = CertsCommand.Init.class)
final class CertsCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (init)");
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Issues a root CA, an intermediate per region and a certificate for every node and service.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the federation config")
        private Path config;

        @Option(names = "--out", paramLabel = "DIR", description = "where to write (default: the config's certificates directory)")
        private Path out;

        @Option(names = "--force", description = "replace every certificate, the root CA included")
        private boolean force;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            LoadOptions options = out == null ? LoadOptions.withoutFileChecks() : LoadOptions.withoutFileChecks().withCertificateDirectory(out);
            Optional<FederationConfig> loaded = ConfigFiles.load(config, options, err);
            if (loaded.isEmpty()) {
                return 1;
            }
            FederationConfig federation = loaded.get();
            IssuanceReport report = new FederationCertificates(Clock.systemUTC())
                    .issue(federation, federation.certificateDirectory(), force ? ExistingCertificates.REPLACE : ExistingCertificates.KEEP);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("certificates in " + report.layout().directory().toAbsolutePath()
                    + (report.rootCreated() ? " (new root CA)" : " (existing root CA kept)"));
            report.leavesIssued().forEach(id -> stdout.println("  issued " + id.uri()));
            report.leavesKept().forEach(id -> stdout.println("  kept   " + id.uri()));
            stdout.flush();
            return 0;
        }
    }
}
