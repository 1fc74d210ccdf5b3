package dev.strait.gateway.cli;

import dev.strait.gateway.admin.AdminToken;
import dev.strait.gateway.certs.CertificateIssuanceException;
import dev.strait.gateway.drill.report.ReportHtml;
import dev.strait.gateway.drill.report.ReportJson;
import dev.strait.gateway.drill.report.ReportMarkdown;
import dev.strait.gateway.drill.run.AdminDrill;
import dev.strait.gateway.drill.run.DrillResult;
import dev.strait.gateway.drill.run.DrillRunException;
import dev.strait.gateway.drill.run.LocalDrill;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.ScenarioException;
import dev.strait.gateway.drill.scenario.ScenarioLoader;
import dev.strait.gateway.drill.scenario.ScenarioProblem;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code strait drill run SCENARIO... (--local | --admin URL...)}: runs drills (a directory stands
 * for the scenario files in it), one after the other, on their federation started in this process
 * (scenarios that name the same federation file share one), or on a running federation through
 * its nodes' admin APIs. Writes each drill's reports and
 * exits 0 when every expectation of every drill held, 1 when one broke (or a scenario was refused,
 * or a fault could not be applied or was not seen), 2 on a usage error.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs drill scenarios and writes report.json, report.md and report.html for each.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every expectation of every drill held",
            "1:an expectation broke, a scenario or its federation was refused, or a fault could not be applied",
            "2:usage error"
        })
final class DrillRunCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "SCENARIO",
            description = "scenario files (see configs/drills/), run in order; a directory stands for its scenario files, in name order")
    private List<Path> scenarioFiles;

    @Option(names = "--local", description = "start each scenario's federation in this process, with an echo backend per endpoint")
    private boolean local;

    @Option(names = "--admin", paramLabel = "URL", arity = "1..*",
            description = "run against the running federation the scenario's federation file describes, through the admin URLs of "
                    + "its nodes (at least one per region the scenario names, and every node a step stops or changes); stopping "
                    + "nodes or endpoints and replacing certificates are announced for the operator to do")
    private List<URI> admin;

    @CommandLine.Mixin
    private AdminTokenOption token;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where the reports go (default: ./drill-NAME-TIMESTAMP/); with several scenarios, DIR/NAME/ for each")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private PrintWriter stdout;
    private PrintWriter err;
    private Path reportRoot;
    private boolean allPassed = true;

    @Override
    public Integer call() throws Exception {
        stdout = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        boolean remote = admin != null && !admin.isEmpty();
        if (local == remote) {
            throw new CommandLine.ParameterException(spec.commandLine(), "say where the drill runs (expected: either --local or --admin URL...)");
        }
        ScenarioLoader loader = new ScenarioLoader();
        List<Path> files = new ArrayList<>();
        for (Path file : scenarioFiles) {
            if (Files.isDirectory(file)) {
                List<Path> inside = ScenarioLoader.scenariosIn(file);
                if (inside.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no scenario file in " + file
                            + " (expected: .yaml files with a top-level 'drill' key)");
                }
                files.addAll(inside);
            } else {
                files.add(file);
            }
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            try {
                scenarios.add(loader.load(file));
            } catch (ScenarioException e) {
                refused(e);
            }
        }
        if (scenarios.size() < files.size()) {
            return 1;
        }
        Set<String> names = new HashSet<>();
        for (Scenario scenario : scenarios) {
            if (!names.add(scenario.name())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "two scenarios are named '" + scenario.name()
                        + "' (expected: different names, since each drill's reports go to a directory of its name)");
            }
        }
        String timestamp = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
        reportRoot = scenarios.size() == 1 ? null : out != null ? out : Path.of("drill-run-" + timestamp);
        if (scenarios.size() == 1 && out == null) {
            out = Path.of("drill-" + scenarios.getFirst().name() + "-" + timestamp);
        }
        Map<Path, List<Scenario>> byFederation = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            Path federationFile = scenario.federation()
                    .orElseGet(() -> Path.of(System.getenv().getOrDefault("STRAIT_HOME", ".")).resolve("configs/demo.yaml"));
            byFederation.computeIfAbsent(federationFile.toAbsolutePath().normalize(), f -> new ArrayList<>()).add(scenario);
        }
        for (Map.Entry<Path, List<Scenario>> group : byFederation.entrySet()) {
            boolean ran = remote ? runRemotely(group.getValue(), group.getKey(), loader) : runLocally(group.getValue(), group.getKey(), loader);
            allPassed &= ran;
        }
        return allPassed ? 0 : 1;
    }

    /** Runs {@code scenarios} against the running federation; false when one could not run. */
    private boolean runRemotely(List<Scenario> scenarios, Path federationFile, ScenarioLoader loader) throws IOException, InterruptedException {
        Optional<AdminToken> adminToken;
        try {
            adminToken = token.token();
        } catch (AdminTokenException e) {
            err.println("strait drill run: " + e.getMessage());
            err.flush();
            return false;
        }
        Optional<FederationConfig> federation = ConfigFiles.load(federationFile, LoadOptions.withoutFileChecks(), err);
        if (federation.isEmpty()) {
            return false;
        }
        boolean ran = true;
        for (Scenario scenario : scenarios) {
            try {
                loader.validate(scenario, federation.get());
                report(new AdminDrill(scenario, federation.get(), admin, adminToken, err).run());
            } catch (ScenarioException e) {
                refused(e);
                ran = false;
            } catch (DrillRunException e) {
                failed(scenario.name(), e);
                ran = false;
            }
        }
        return ran;
    }

    /**
     * Runs {@code scenarios} on their federation started once in a scratch directory; false (after
     * saying why) when they could not all run.
     */
    private boolean runLocally(List<Scenario> scenarios, Path federationFile, ScenarioLoader loader)
            throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("strait-drill-");
        try {
            FederationConfig federation;
            try {
                federation = LocalDrill.prepareFederation(federationFile, work);
            } catch (ConfigException e) {
                for (ConfigProblem problem : e.problems()) {
                    err.println(problem);
                }
                err.flush();
                return false;
            } catch (CertificateIssuanceException e) {
                err.println("strait drill run: cannot issue the federation's certificates: " + e.getMessage());
                err.flush();
                return false;
            }
            try {
                for (Scenario scenario : scenarios) {
                    loader.validate(scenario, federation);
                }
            } catch (ScenarioException e) {
                refused(e);
                return false;
            }
            try {
                new LocalDrill(scenarios, federation, work, err).run(result -> {
                    try {
                        report(result);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return true;
            } catch (DrillRunException e) {
                failed(federationFile.getFileName().toString(), e);
                return false;
            }
        } finally {
            try {
                DirectoryTrees.delete(work);
            } catch (IOException e) {
                err.println("strait drill run: could not delete " + work + ": " + e.getMessage());
                err.flush();
            }
        }
    }

    /** Writes one drill's reports, prints its summary and any fault that could not be applied. */
    private void report(DrillResult result) throws IOException {
        Path directory = reportRoot == null ? out : reportRoot.resolve(result.report().scenario().name());
        Files.createDirectories(directory);
        ReportJson.write(result.report(), directory.resolve("report.json"));
        ReportMarkdown.write(result.report(), directory.resolve("report.md"));
        ReportHtml.write(result.report(), directory.resolve("report.html"));
        stdout.print(ReportMarkdown.toMarkdown(result.report()));
        stdout.println();
        stdout.println("Reports: " + directory.toAbsolutePath());
        stdout.println();
        stdout.flush();
        result.faultProblems().forEach(problem -> err.println("strait drill run: " + result.report().scenario().name() + ": " + problem));
        err.flush();
        allPassed &= result.passed();
    }

    private void failed(String what, DrillRunException e) {
        err.println("strait drill run: " + what + ": " + e.getMessage());
        err.flush();
    }

    private void refused(ScenarioException e) {
        for (ScenarioProblem problem : e.problems()) {
            err.println(problem);
        }
        err.flush();
    }
}
