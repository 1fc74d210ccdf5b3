package dev.strait.gateway.cli;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strait run}: runs one gateway node until the process is told to stop. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs one gateway node of a federation.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the federation config")
    private Path config;

    @Option(names = "--node", required = true, paramLabel = "ID",
            description = "which node of the config this is: REGION/NODE, or NODE when no other region has a node of that name")
    private String node;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "the node's data directory: Raft log and snapshots (default: ${DEFAULT-VALUE})")
    private Path data;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Optional<FederationConfig> loaded = ConfigFiles.load(config, LoadOptions.defaults(), err);
        if (loaded.isEmpty()) {
            return 1;
        }
        Optional<NodeAddress> address = NodeAddress.find(loaded.get(), node, err);
        if (address.isEmpty()) {
            return 1;
        }
        GatewayNode running = GatewayNode.start(loaded.get(), address.get().region(), address.get().node(), data);
        NodeId nodeId = address.get().node();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("strait: node %s of region %s is up: local :%d, peer :%d, admin http://%s:%d%n", nodeId,
                running.region().name(), running.localPort(), running.peerPort(),
                running.config().adminHost(), running.adminPort());
        out.flush();
        awaitShutdown(running);
        return 0;
    }

    /** Blocks until SIGINT or SIGTERM, then stops the node. */
    static void awaitShutdown(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("strait: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "strait-shutdown"));
        stopped.await();
    }
}
