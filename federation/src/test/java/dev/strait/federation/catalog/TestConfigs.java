package dev.strait.federation.catalog;

import dev.strait.policy.model.RegionName;
import java.util.List;

/** Federation configs for tests: region eu-west with any number of nodes, and a one-node us-east. */
public final class TestConfigs {
    public static final RegionName EU_WEST = RegionName.of("eu-west");

    /** eu-west's services block: payments with one config endpoint, ledger with none. */
    public static final String PAYMENTS_AND_LEDGER = """
                  payments:
                    protocol: http2
                    endpoints:
                      - { id: payments-1, address: "127.0.0.1:17101" }
                  ledger:
                    protocol: grpc
            """;

    /** payments moved to another address, ledger removed, billing added. */
    public static final String PAYMENTS_MOVED_AND_BILLING = """
                  payments:
                    protocol: http2
                    endpoints:
                      - { id: payments-1, address: "127.0.0.1:17199" }
                      - { id: payments-2, address: "127.0.0.1:17102" }
                  billing:
                    protocol: http1
            """;

    private TestConfigs() {}

    /** eu-west's nodes n1..nN listen for Raft on {@code raftPorts}; {@code services} is its services block. */
    public static String federation(List<Integer> raftPorts, String services) {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < raftPorts.size(); i++) {
            int base = 21000 + 10 * i;
            nodes.append("      n").append(i + 1).append(":\n")
                    .append("        host: 127.0.0.1\n")
                    .append("        ports: { local: ").append(base).append(", peer: ").append(base + 1)
                    .append(", admin: ").append(base + 2).append(", raft: ").append(raftPorts.get(i))
                    .append(", federation: ").append(base + 3).append(" }\n");
        }
        return """
                federation: test
                trustDomain: strait.test
                regions:
                  us-east:
                    failover: [eu-west]
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: 22001, peer: 22002, admin: 22003, raft: 22004, federation: 22005 }
                    services:
                      web:
                        protocol: http1
                        endpoints:
                          - { id: web-1, address: "127.0.0.1:17001" }
                  eu-west:
                    failover: [us-east]
                    nodes:
                """ + nodes + "    services:\n" + services;
    }

    public static String federation(String services) {
        return federation(List.of(23001, 23002, 23003), services);
    }
}
