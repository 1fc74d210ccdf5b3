package dev.strait.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code strait} command line: exit 0 on success, 1 on failure, 2 on a usage error. */
@Command(name = "strait",
        mixinStandardHelpOptions = true,
        versionProvider = StraitVersion.class,
        description = "A multi-datacenter service-mesh gateway.",
        subcommands = {
            RunCommand.class,
            ApplyCommand.class,
            PlanCommand.class,
            StatusCommand.class,
            ValidateCommand.class,
            CertsCommand.class,
            EchoCommand.class,
            DemoCommand.class,
            DrillCommand.class,
            DeployCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
