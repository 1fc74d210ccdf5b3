package dev.strait.gateway.cli;

import dev.strait.gateway.certs.CertificateIssuanceException;
import dev.strait.gateway.drill.report.DrillReport;
import dev.strait.gateway.drill.report.ReportHtml;
import dev.strait.gateway.drill.report.ReportJson;
import dev.strait.gateway.drill.report.ReportMarkdown;
import dev.strait.gateway.drill.run.DrillRunException;
import dev.strait.gateway.drill.run.LocalDrill;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.ScenarioException;
import dev.strait.gateway.drill.scenario.ScenarioLoader;
import dev.strait.gateway.drill.scenario.ScenarioProblem;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.model.FederationConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strait drill run SCENARIO --local}: runs a drill on its federation started in this
 * process, writes its reports and exits 0 when every expectation held, 1 when one broke (or the
 * scenario was refused, or a fault could not be applied), 2 on a usage error or a fault the local
 * runner cannot inject.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a drill scenario and writes report.json, report.md and report.html.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every expectation held",
            "1:an expectation broke, the scenario or its federation was refused, or a fault could not be applied",
            "2:usage error, or a fault kind --local cannot inject yet"
        })
final class DrillRunCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "the scenario file (see configs/drills/)")
    private Path scenarioFile;

    @Option(names = "--local", description = "start the scenario's federation in this process, with an echo backend per endpoint")
    private boolean local;

    @Option(names = "--admin", paramLabel = "URL", arity = "1..*",
            description = "run against running gateways through their admin listeners (not supported yet)")
    private List<URI> admin;

    @Option(names = "--out", paramLabel = "DIR", description = "where the reports go (default: ./drill-NAME-TIMESTAMP/)")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (admin != null && !admin.isEmpty()) {
            err.println("strait drill run: --admin is not supported yet (expected: --local)");
            err.flush();
            return 2;
        }
        if (!local) {
            throw new CommandLine.ParameterException(spec.commandLine(), "say where the drill runs (expected: --local)");
        }
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario;
        try {
            scenario = loader.load(scenarioFile);
        } catch (ScenarioException e) {
            return refused(e, err);
        }
        List<String> unsupported = LocalDrill.unsupportedFaults(scenario);
        if (!unsupported.isEmpty()) {
            unsupported.forEach(message -> err.println(scenarioFile + ": " + message));
            err.flush();
            return 2;
        }
        Path federationFile = scenario.federation()
                .orElseGet(() -> Path.of(System.getenv().getOrDefault("STRAIT_HOME", ".")).resolve("configs/demo.yaml"));
        Path work = Files.createTempDirectory("strait-drill-" + scenario.name() + "-");
        try {
            FederationConfig federation;
            try {
                federation = LocalDrill.prepareFederation(federationFile, work);
            } catch (ConfigException e) {
                for (ConfigProblem problem : e.problems()) {
                    err.println(problem);
                }
                err.flush();
                return 1;
            } catch (CertificateIssuanceException e) {
                err.println("strait drill run: cannot issue the federation's certificates: " + e.getMessage());
                err.flush();
                return 1;
            }
            try {
                loader.validate(scenario, federation);
            } catch (ScenarioException e) {
                return refused(e, err);
            }
            LocalDrill.Result result;
            try {
                result = new LocalDrill(scenario, federation, work, err).run();
            } catch (DrillRunException e) {
                err.println("strait drill run: " + scenario.name() + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            Path reports = out != null ? out : Path.of("drill-" + scenario.name() + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP));
            write(result.report(), reports);
            stdout.print(ReportMarkdown.toMarkdown(result.report()));
            stdout.println();
            stdout.println("Reports: " + reports.toAbsolutePath());
            stdout.flush();
            result.faultProblems().forEach(problem -> err.println("strait drill run: " + problem));
            err.flush();
            return result.report().passed() && result.faultProblems().isEmpty() ? 0 : 1;
        } finally {
            try {
                DirectoryTrees.delete(work);
            } catch (IOException e) {
                err.println("strait drill run: could not delete " + work + ": " + e.getMessage());
                err.flush();
            }
        }
    }

    private static int refused(ScenarioException e, PrintWriter err) {
        for (ScenarioProblem problem : e.problems()) {
            err.println(problem);
        }
        err.flush();
        return 1;
    }

    private static void write(DrillReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        ReportJson.write(report, directory.resolve("report.json"));
        ReportMarkdown.write(report, directory.resolve("report.md"));
        ReportHtml.write(report, directory.resolve("report.html"));
    }
}
