package dev.strait.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code strait drill}: failover drills (docs/drills.md). */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Runs failover drills: a steady load, faults on a timeline, and what must hold.",
        subcommands = {DrillRunCommand.class})
final class DrillCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a drill command is required (expected: run)");
    }
}
