package dev.strait.gateway.deploy;

import dev.strait.gateway.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** The repository's files and the {@code strait} command line, for tests that check deployment files against them. */
final class Repository {
    private Repository() {}

    /** The nearest directory up from the working directory (the module's, under Maven) that holds {@code configs/}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no configs/ directory above " + Path.of("").toAbsolutePath());
    }

    /** {@code strait} run in-process, as {@link Main#execute} does. */
    static Run strait(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** {@code strait run}'s options, as picocli knows them. */
    static CommandLine.Model.CommandSpec runCommand() {
        return new CommandLine(new Main()).getSubcommands().get("run").getCommandSpec();
    }

    record Run(int exitCode, String out, String err) {
        java.util.List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }
}
