package dev.strait.it.process;

import java.nio.file.Path;
import java.util.Iterator;

/** The listener ports of node {@code node} of {@code region}, a gateway run as a {@code strait run} process. */
record ProcessNode(String region, String node, int local, int peer, int admin, int raft, int federation) {
    static ProcessNode take(String region, String node, Iterator<Integer> ports) {
        return new ProcessNode(region, node, ports.next(), ports.next(), ports.next(), ports.next(), ports.next());
    }

    /** The node as a YAML flow mapping. */
    String yaml() {
        return "{ host: 127.0.0.1, ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d } }"
                .formatted(local, peer, admin, raft, federation);
    }

    /** {@code strait run} for this node; a restart uses the same data directory. */
    String[] runArgs(Path config, Path dir) {
        return new String[] {"run", "--config", config.toString(), "--node", region + "/" + node,
                "--data", dir.resolve("data/" + region + "-" + node).toString()};
    }

    String adminUrl() {
        return "http://127.0.0.1:" + admin;
    }

    String localUrl() {
        return "http://127.0.0.1:" + local;
    }

    String readyz() {
        return adminUrl() + "/readyz";
    }

    /** How the drill names this node in its announcements. */
    String named() {
        return "node " + node + " of " + region;
    }
}
