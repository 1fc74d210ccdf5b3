package dev.strait.gateway.node;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.raft.RegionUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a new region its first config: the node's own config file, applied through Raft only if
 * the region has none yet (every node of a new region tries; one wins, the others are refused
 * harmlessly). Once a region has a config, later changes come only from {@code strait apply},
 * and a node whose file differs says so instead of overriding the region.
 */
final class ConfigBootstrap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigBootstrap.class);
    private static final long RETRY_NANOS = 200_000_000L;

    private final RegionStateStore store;
    private final Path configFile;
    private volatile Thread worker;

    ConfigBootstrap(RegionStateStore store, Path configFile) {
        this.store = store;
        this.configFile = configFile;
    }

    void start() {
        worker = Thread.ofVirtual().name("config-bootstrap-" + store.settings().region()).start(this::run);
    }

    private void run() {
        String yaml;
        try {
            yaml = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.error("cannot read {} to give region {} its first config: {}", configFile, store.settings().region(), e.getMessage());
            return;
        }
        while (!Thread.currentThread().isInterrupted()) {
            long version = store.current().config().version();
            if (version > 0) {
                if (!store.current().config().digest().equals(AppliedConfig.digestOf(yaml))) {
                    LOG.warn("region {} runs config version {}, which differs from {}; the region's config stays "
                            + "(change it with strait apply)", store.settings().region(), version, configFile);
                }
                return;
            }
            if (store.hasLeader()) {
                try {
                    store.write(new RegionCommand.ApplyConfig(yaml, 0));
                    return;
                } catch (CommandRejectedException e) {
                    return; // another node of the region applied the first config
                } catch (RegionUnavailableException e) {
                    LOG.debug("region {} cannot take its first config yet: {}", store.settings().region(), e.getMessage());
                }
            }
            // Waiting for an election with no way to be notified of one; a bounded pause between looks.
            LockSupport.parkNanos(RETRY_NANOS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
            running.join(5_000);
        }
    }
}
