package dev.strait.policy.model;

import java.util.List;
import java.util.Objects;

/**
 * One gateway node of a region.
 *
 * @param id        the node's name, unique in its region
 * @param host      the address its local, peer, Raft and federation listeners bind to and are reached at
 * @param adminHost the address its admin listener binds to (loopback unless configured)
 * @param ports     its listener ports
 * @param tls       its certificate, key and trust bundle
 */
public record NodeConfig(NodeId id, String host, String adminHost, ListenerPorts ports, TlsFiles tls) {
    public NodeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminHost, "adminHost");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(tls, "tls");
    }

    public HostPort localAddress() {
        return new HostPort(host, ports.local());
    }

    /** Where the local listener binds: {@link #localAddress()} first, then one address per additional local port. */
    public List<HostPort> localAddresses() {
        return ports.localPorts().stream().map(port -> new HostPort(host, port)).toList();
    }

    public HostPort peerAddress() {
        return new HostPort(host, ports.peer());
    }

    public HostPort adminAddress() {
        return new HostPort(adminHost, ports.admin());
    }

    public HostPort raftAddress() {
        return new HostPort(host, ports.raft());
    }

    public HostPort federationAddress() {
        return new HostPort(host, ports.federation());
    }
}
