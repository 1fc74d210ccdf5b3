package dev.strait.it.drills;

import dev.strait.gateway.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;

/** Runs {@code strait drill run} in this JVM, through picocli, keeping what it printed. */
final class DrillRuns {
    private static final long MIN_HEAP_BYTES = 256L << 20;

    private DrillRuns() {}

    /** The exit code and output of one command line. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    static Run strait(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine line = new CommandLine(new Main());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Skips the calling test in a JVM whose heap is too small for a drill (the small-heap execution
     * of streaming tests): a local drill runs five gateway nodes, their Raft groups and the load in
     * this JVM, and runs out of memory in 64 MB.
     */
    static void assumeRoomForAFederation() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        Assumptions.assumeTrue(maxHeap >= MIN_HEAP_BYTES,
                "a local drill needs a heap of at least " + (MIN_HEAP_BYTES >> 20) + " MB (this JVM has " + (maxHeap >> 20) + " MB)");
    }

    /** The checkout's root: the first directory above the working directory that holds {@code configs/}. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no configs/ directory above " + Path.of("").toAbsolutePath());
    }
}
