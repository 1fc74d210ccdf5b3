package dev.strait.gateway.cli;

import dev.strait.policy.config.LoadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code strait validate F...}: checks configs and reports every problem as FILE:LINE:COL. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks federation configs; prints every problem as FILE:LINE:COL: message and exits 1 if any.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "config files to check")
    private List<Path> files;

    @Option(names = "--no-file-checks", description = "do not check that certificate files exist and are readable")
    private boolean noFileChecks;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadOptions options = noFileChecks ? LoadOptions.withoutFileChecks() : LoadOptions.defaults();
        boolean allValid = true;
        for (Path file : files) {
            if (ConfigFiles.load(file, options, err).isPresent()) {
                out.println(file + ": valid");
            } else {
                allValid = false;
            }
        }
        out.flush();
        return allValid ? 0 : 1;
    }
}
