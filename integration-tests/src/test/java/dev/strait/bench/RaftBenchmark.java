package dev.strait.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.strait.federation.catalog.RegionCommand.ApplyConfig;
import dev.strait.federation.raft.RaftSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Benchmarks the region state store on a three-node Ratis group on loopback (real Ratis, gRPC
 * transport, default settings): catalog write throughput and commit latency per number of
 * concurrent writers, each level measured in {@code --rounds} fresh groups; then the time from
 * closing the leader to the first write committed through a survivor, {@code --failovers} times.
 * Prints a Markdown report and writes it to {@code --out}.
 *
 * <pre>
 * RaftBenchmark [--warmup=3s] [--duration=10s] [--concurrency=1,8,64] [--rounds=3] [--failovers=7] [--out=FILE]
 * </pre>
 * Exit codes: 0 done, 1 the benchmark failed, 2 usage error.
 */
public final class RaftBenchmark {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String USAGE = "usage: RaftBenchmark [--warmup=3s] [--duration=10s] [--concurrency=1,8,64]"
            + " [--rounds=3] [--failovers=7] [--out=FILE]";

    /** What to run; durations are written like {@code 10s} or {@code 500ms}. */
    record Options(Duration warmup, Duration duration, List<Integer> concurrency, int rounds, int failovers, Path out) {
        static Options parse(String[] args) {
            Duration warmup = Duration.ofSeconds(3);
            Duration duration = Duration.ofSeconds(10);
            List<Integer> concurrency = List.of(1, 8, 64);
            int rounds = 3;
            int failovers = 7;
            Path out = Path.of("target", "bench", "raft-bench-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".md");
            for (String arg : args) {
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("'" + arg + "' is not an option (expected: --name=value)");
                }
                String name = arg.substring(2, eq);
                String value = arg.substring(eq + 1);
                switch (name) {
                    case "warmup" -> warmup = OptionValues.duration(name, value);
                    case "duration" -> duration = OptionValues.duration(name, value);
                    case "concurrency" -> concurrency = Arrays.stream(value.split(",")).map(v -> OptionValues.atLeast(1, name, v.strip())).toList();
                    case "rounds" -> rounds = OptionValues.atLeast(1, name, value);
                    case "failovers" -> failovers = OptionValues.atLeast(0, name, value);
                    case "out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option '--" + name + "'");
                }
            }
            return new Options(warmup, duration, concurrency, rounds, failovers, out);
        }
    }

    private RaftBenchmark() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        quietLogs();
        loadOwnClasses();
        try {
            String report = run(options);
            System.out.println(report);
            Files.createDirectories(options.out().toAbsolutePath().getParent());
            Files.writeString(options.out(), report);
            System.err.println("report written to " + options.out().toAbsolutePath());
        } catch (Exception e) {
            System.err.println("the benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        // Ratis and gRPC leave non-daemon threads behind after close; the report is out, so stop here.
        System.exit(0);
    }

    static String run(Options options) throws Exception {
        Instant started = Instant.now();
        List<List<WriteLoad.Result>> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            rounds.add(throughputRound(options, round));
        }
        List<LeaderFailover.Result> failovers = options.failovers() > 0 ? failovers(options.failovers()) : List.of();
        return report(options, started, rounds, failovers);
    }

    private static List<WriteLoad.Result> throughputRound(Options options, int round) throws Exception {
        Path data = Files.createTempDirectory("strait-raft-bench-");
        List<WriteLoad.Result> results = new ArrayList<>();
        try (LoopbackRegion region = LoopbackRegion.start(data)) {
            int leader = region.awaitSteady(SETTLE);
            region.node(leader).write(new ApplyConfig(region.config(), 0));
            for (int writers : options.concurrency()) {
                WriteLoad.Result result = WriteLoad.run(region, writers, options.warmup(), options.duration());
                progress("round %d, %d writers: %.0f writes/s, p50 %s ms, p99 %s ms, %d failed", round, writers,
                        result.writesPerSecond(), millis(result.percentileMillis(50)), millis(result.percentileMillis(99)),
                        result.failed());
                results.add(result);
            }
        } finally {
            deleteTree(data);
        }
        return results;
    }

    private static List<LeaderFailover.Result> failovers(int repeats) throws Exception {
        Path data = Files.createTempDirectory("strait-raft-bench-");
        List<LeaderFailover.Result> results = new ArrayList<>();
        try (LoopbackRegion region = LoopbackRegion.start(data)) {
            int leader = region.awaitSteady(SETTLE);
            region.node(leader).write(new ApplyConfig(region.config(), 0));
            for (int run = 0; run < repeats; run++) {
                LeaderFailover.Result result = LeaderFailover.run(region, run);
                progress("failover %d: first write after %d ms (new leader after %d ms, close took %d ms, %d failed writes)",
                        run + 1, result.toFirstWrite().toMillis(), result.toNewLeader().toMillis(), result.close().toMillis(),
                        result.failedWrites());
                results.add(result);
                for (int i = 0; i < 3; i++) {
                    if (!region.running().contains(i)) {
                        region.start(i);
                    }
                }
                region.awaitSteady(SETTLE);
                // Let the restarted node's connections and the leader's appenders settle before the next run.
                LoopbackRegion.sleep(Duration.ofSeconds(1));
            }
        } finally {
            deleteTree(data);
        }
        return results;
    }

    private static String report(Options o, Instant started, List<List<WriteLoad.Result>> rounds,
            List<LeaderFailover.Result> failovers) {
        StringBuilder md = new StringBuilder();
        md.append("### Region state store: three Ratis nodes on loopback\n\n");
        md.append("- date: ").append(started.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        md.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (")
                .append(cpuModel()).append("), ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append(", JDK ").append(Runtime.version()).append('\n');
        md.append("- load average (1/5/15 min) at start: ").append(LOAD_AT_START).append(", at end: ").append(loadAverage()).append('\n');
        md.append("- settings: RaftSettings defaults (election timeout ")
                .append(RaftSettings.DEFAULT_ELECTION_TIMEOUT_MIN.toMillis()).append('-')
                .append(RaftSettings.DEFAULT_ELECTION_TIMEOUT_MAX.toMillis()).append(" ms, write timeout ")
                .append(RaftSettings.DEFAULT_WRITE_TIMEOUT.toSeconds()).append(" s, raft snapshot every ")
                .append(RaftSettings.DEFAULT_SNAPSHOT_THRESHOLD).append(" entries), gRPC transport, data in a temp dir\n");
        md.append("- load: RegisterEndpoint writes by N virtual threads through all three nodes in turn, ")
                .append(o.warmup().toSeconds()).append(" s warm-up then ").append(o.duration().toSeconds())
                .append(" s measured, in ").append(o.rounds()).append(" fresh group(s); a write counts once it has committed")
                .append(" and is applied on the node it went through\n\n");

        md.append("| writers | writes/s median | writes/s range | p50 ms median (range) | p99 ms median (range) | failed |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (int level = 0; level < o.concurrency().size(); level++) {
            int l = level;
            List<WriteLoad.Result> perRound = rounds.stream().map(r -> r.get(l)).toList();
            double[] wps = values(perRound, WriteLoad.Result::writesPerSecond);
            double[] p50 = values(perRound, r -> r.percentileMillis(50));
            double[] p99 = values(perRound, r -> r.percentileMillis(99));
            long failed = perRound.stream().mapToLong(WriteLoad.Result::failed).sum();
            md.append("| ").append(o.concurrency().get(level))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f", median(wps)))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f–%.0f", wps[0], wps[wps.length - 1]))
                    .append(" | ").append(millis(median(p50))).append(" (").append(millis(p50[0])).append("–")
                    .append(millis(p50[p50.length - 1])).append(")")
                    .append(" | ").append(millis(median(p99))).append(" (").append(millis(p99[0])).append("–")
                    .append(millis(p99[p99.length - 1])).append(")")
                    .append(" | ").append(failed).append(" |\n");
        }
        md.append('\n');
        md.append("Per round (writes/s, p50 ms, p99 ms):\n\n");
        for (int r = 0; r < rounds.size(); r++) {
            md.append("- round ").append(r + 1).append(": ");
            List<String> cells = new ArrayList<>();
            for (WriteLoad.Result result : rounds.get(r)) {
                cells.add(result.writers() + " writers " + String.format(Locale.ROOT, "%.0f", result.writesPerSecond()) + " / "
                        + millis(result.percentileMillis(50)) + " / " + millis(result.percentileMillis(99)));
            }
            md.append(String.join("; ", cells)).append('\n');
        }

        if (!failovers.isEmpty()) {
            md.append("\nLeader failover, ").append(failovers.size())
                    .append(" runs in one group (the closed leader restarted and caught up between runs):\n\n");
            md.append("| from closing the leader to | median ms | min ms | max ms |\n");
            md.append("|---|---:|---:|---:|\n");
            failoverRow(md, "first write committed through a survivor", failovers, LeaderFailover.Result::toFirstWrite);
            failoverRow(md, "a survivor reporting itself leader", failovers, LeaderFailover.Result::toNewLeader);
            failoverRow(md, "the old leader's `close()` returning", failovers, LeaderFailover.Result::close);
            md.append("\nCounted from `close()` returning instead, the first write committed after ")
                    .append(summary(failovers, f -> f.toFirstWrite().minus(f.close()))).append(" ms (median, min–max).\n");
            md.append("\nPer run, first write ms: ").append(String.join(", ",
                    failovers.stream().map(f -> Long.toString(f.toFirstWrite().toMillis())).toList())).append('\n');
        }
        return md.toString();
    }

    private static void failoverRow(StringBuilder md, String what, List<LeaderFailover.Result> runs,
            java.util.function.Function<LeaderFailover.Result, Duration> measure) {
        double[] ms = runs.stream().mapToDouble(r -> measure.apply(r).toNanos() / 1e6).sorted().toArray();
        md.append("| ").append(what).append(" | ").append(String.format(Locale.ROOT, "%.0f", median(ms)))
                .append(" | ").append(String.format(Locale.ROOT, "%.0f", ms[0]))
                .append(" | ").append(String.format(Locale.ROOT, "%.0f", ms[ms.length - 1])).append(" |\n");
    }

    private static String summary(List<LeaderFailover.Result> runs, java.util.function.Function<LeaderFailover.Result, Duration> measure) {
        double[] ms = runs.stream().mapToDouble(r -> measure.apply(r).toNanos() / 1e6).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median(ms), ms[0], ms[ms.length - 1]);
    }

    private static double[] values(List<WriteLoad.Result> results, ToDoubleFunction<WriteLoad.Result> measure) {
        return results.stream().mapToDouble(measure).sorted().toArray();
    }

    /** The median of sorted {@code values}. */
    static double median(double[] values) {
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, ms >= 10 ? "%.0f" : "%.1f", ms);
    }

    private static final String LOAD_AT_START = loadAverage();

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException | UncheckedIOException e) {
            return "unknown CPU";
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    /**
     * Loads this package's classes up front: they come from {@code target/test-classes}, a directory
     * that a concurrent build of the module may wipe during a run of several minutes (library and
     * module jars stay readable once opened).
     */
    private static void loadOwnClasses() {
        List<Class<?>> classes = List.of(LoopbackRegion.class, WriteLoad.class, WriteLoad.Result.class,
                LeaderFailover.class, LeaderFailover.Result.class, dev.strait.it.support.FreePorts.class);
        progress("loaded %d benchmark classes", classes.size());
    }

    // Held so that the level set on it stays: java.util.logging keeps loggers only weakly.
    private static final java.util.logging.Logger SHADED_GRPC = java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty.io.grpc");

    /** Ratis logs every election and reconnect at INFO and WARN; a benchmark's output is its report. */
    private static void quietLogs() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);
        }
        if (LoggerFactory.getLogger("org.apache.ratis") instanceof Logger ratis) {
            ratis.setLevel(Level.ERROR);
        }
        SHADED_GRPC.setLevel(java.util.logging.Level.WARNING);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
