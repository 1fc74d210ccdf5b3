package dev.strait.policy.model;

import java.util.Optional;

/**
 * A Strait SPIFFE ID: {@code spiffe://<td>/region/<region>/node/<node>} for a gateway node,
 * {@code spiffe://<td>/region/<region>/service/<service>} for a workload.
 */
public sealed interface SpiffeId {
    TrustDomain trustDomain();

    RegionName region();

    /** The URI form, as it appears in a certificate's URI SAN and in {@code x-strait-source}. */
    String uri();

    /** A gateway node's identity. */
    record Node(TrustDomain trustDomain, RegionName region, NodeId node) implements SpiffeId {
        @Override
        public String uri() {
            return "spiffe://" + trustDomain.value() + "/region/" + region.value() + "/node/" + node.value();
        }

        @Override
        public String toString() {
            return uri();
        }
    }

    /** A workload's identity. */
    record Service(TrustDomain trustDomain, RegionName region, ServiceName service) implements SpiffeId {
        @Override
        public String uri() {
            return "spiffe://" + trustDomain.value() + "/region/" + region.value() + "/service/" + service.value();
        }

        @Override
        public String toString() {
            return uri();
        }
    }

    static Node node(TrustDomain trustDomain, RegionName region, NodeId node) {
        return new Node(trustDomain, region, node);
    }

    static Service service(TrustDomain trustDomain, RegionName region, ServiceName service) {
        return new Service(trustDomain, region, service);
    }

    /** Parses a URI of one of the two Strait shapes; anything else is empty. */
    static Optional<SpiffeId> parse(String uri) {
        if (uri == null || !uri.startsWith("spiffe://")) {
            return Optional.empty();
        }
        String[] parts = uri.substring("spiffe://".length()).split("/", -1);
        if (parts.length != 5 || !parts[1].equals("region")
                || !TrustDomain.isValid(parts[0]) || !DnsLabel.isValid(parts[2]) || !DnsLabel.isValid(parts[4])) {
            return Optional.empty();
        }
        TrustDomain td = new TrustDomain(parts[0]);
        RegionName region = new RegionName(parts[2]);
        return switch (parts[3]) {
            case "node" -> Optional.of(new Node(td, region, new NodeId(parts[4])));
            case "service" -> Optional.of(new Service(td, region, new ServiceName(parts[4])));
            default -> Optional.empty();
        };
    }
}
