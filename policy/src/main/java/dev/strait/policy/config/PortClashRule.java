package dev.strait.policy.config;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that no two listeners, and no listener and endpoint, use the same address and port: a
 * listener would fail to bind, or a gateway would proxy to itself.
 *
 * <p>Loopback and wildcard addresses belong to a machine, so the rule needs to know which nodes
 * share one. Nodes with the same {@code host} are on the same machine, and all nodes whose host is
 * a loopback or wildcard address are on one machine (as in the demo, where everything runs on
 * 127.0.0.1); every other node is on a machine of its own. Then:
 * <ul>
 *   <li>two listeners clash on the same port when they bind the same address, counting
 *       {@code localhost} as {@code 127.0.0.1}, loopback addresses only on the same machine; or
 *       when one binds {@code 0.0.0.0} or {@code ::} and the other is on the same machine;</li>
 *   <li>an endpoint clashes with a listener on its port when it names the listener's address, or
 *       names a machine's host on which the listener binds a wildcard; an endpoint on a loopback
 *       (or wildcard) address clashes with a loopback or wildcard listener on the machine of any
 *       gateway node of the endpoint's own region, since those nodes are the ones that connect
 *       to it.</li>
 * </ul>
 * So every node of a production federation may keep its admin listener on 127.0.0.1:15900, while
 * two demo nodes on 127.0.0.1 may not. Two endpoints may share an address: one server can serve
 * several services.
 */
final class PortClashRule implements ConfigRule {
    /** The machine of every node whose host is a loopback or wildcard address. */
    private static final String LOCAL_MACHINE = "(this machine)";
    /** The scope of routable addresses, which are the same from every machine. */
    private static final String EVERYWHERE = "(everywhere)";

    private record Listener(HostPort address, String machine, String bind, ElementPath element, Position position) {}

    private record Address(String scope, String address, int port) {}

    private record MachinePort(String machine, int port) {}

    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        List<Listener> listeners = new ArrayList<>();
        for (RegionConfig region : regions) {
            for (NodeConfig node : region.nodes()) {
                ElementPath ports = ElementPath.node(region.name(), node.id()).key("ports");
                ListenerPorts p = node.ports();
                String machine = machineOf(node);
                listeners.add(listener(sources, ports.key("local"), machine, node.host(), p.local()));
                for (int i = 0; i < p.additionalLocal().size(); i++) {
                    listeners.add(listener(sources, ports.key("additionalLocal").index(i), machine, node.host(), p.additionalLocal().get(i)));
                }
                listeners.add(listener(sources, ports.key("peer"), machine, node.host(), p.peer()));
                listeners.add(listener(sources, ports.key("admin"), machine, node.adminHost(), p.admin()));
                listeners.add(listener(sources, ports.key("raft"), machine, node.host(), p.raft()));
                listeners.add(listener(sources, ports.key("federation"), machine, node.host(), p.federation()));
            }
        }
        // Of two listeners, the later one is reported, pointing back at the earlier.
        listeners.sort(Comparator.comparing(Listener::position));

        Map<Address, Listener> byAddress = new HashMap<>();
        Map<MachinePort, Listener> wildcards = new HashMap<>();
        Map<MachinePort, Listener> anyOnMachine = new HashMap<>();
        Map<String, Map<Integer, Listener>> localByMachine = new HashMap<>();
        for (Listener listener : listeners) {
            MachinePort machinePort = new MachinePort(listener.machine(), listener.address().port());
            Optional<Listener> clash = isWildcard(listener.bind())
                    ? Optional.ofNullable(anyOnMachine.get(machinePort))
                    : Optional.ofNullable(byAddress.get(addressOf(listener))).or(() -> Optional.ofNullable(wildcards.get(machinePort)));
            clash.ifPresent(earlier -> problems.add(listener.position(), listener.element(), message(listener.address(), earlier)));
            anyOnMachine.putIfAbsent(machinePort, listener);
            if (isWildcard(listener.bind())) {
                wildcards.putIfAbsent(machinePort, listener);
            } else {
                byAddress.putIfAbsent(addressOf(listener), listener);
            }
            if (isLocal(listener.bind())) {
                localByMachine.computeIfAbsent(listener.machine(), m -> new HashMap<>()).putIfAbsent(listener.address().port(), listener);
            }
        }

        // An endpoint clashing with a listener is reported at the endpoint.
        for (RegionConfig region : regions) {
            Set<String> machines = new LinkedHashSet<>();
            region.nodes().forEach(node -> machines.add(machineOf(node)));
            Map<Integer, Listener> localClashes = localListenersByPort(region, machines, localByMachine);
            for (ServiceConfig service : region.services()) {
                List<ElementPath> paths = sources.itemsOf(ElementPath.service(region.name(), service.name()).key("endpoints"));
                for (int i = 0; i < service.endpoints().size() && i < paths.size(); i++) {
                    HostPort address = service.endpoints().get(i).address();
                    String host = canonical(address.host());
                    Optional<Listener> clash = isLocal(host)
                            ? Optional.ofNullable(localClashes.get(address.port()))
                            : Optional.ofNullable(byAddress.get(new Address(EVERYWHERE, host, address.port())))
                                    .or(() -> Optional.ofNullable(wildcards.get(new MachinePort(host, address.port()))));
                    ElementPath element = paths.get(i).key("address");
                    clash.ifPresent(listener -> problems.add(sources.valueOf(element), element, message(address, listener)));
                }
            }
        }
    }

    /**
     * The first loopback or wildcard listener on each port that a loopback endpoint of the region
     * uses, on any machine of the region's nodes. It walks the smaller side of each machine and
     * the region's ports, so that neither a region of many nodes nor one of many endpoints costs
     * their product.
     */
    private static Map<Integer, Listener> localListenersByPort(RegionConfig region, Set<String> machines,
            Map<String, Map<Integer, Listener>> localByMachine) {
        Set<Integer> endpointPorts = new HashSet<>();
        for (ServiceConfig service : region.services()) {
            for (EndpointConfig endpoint : service.endpoints()) {
                if (isLocal(canonical(endpoint.address().host()))) {
                    endpointPorts.add(endpoint.address().port());
                }
            }
        }
        Map<Integer, Listener> found = new HashMap<>();
        for (String machine : machines) {
            Map<Integer, Listener> ports = localByMachine.getOrDefault(machine, Map.of());
            if (endpointPorts.size() <= ports.size()) {
                for (int port : endpointPorts) {
                    Optional.ofNullable(ports.get(port)).ifPresent(listener -> found.putIfAbsent(port, listener));
                }
            } else {
                ports.forEach((port, listener) -> {
                    if (endpointPorts.contains(port)) {
                        found.putIfAbsent(port, listener);
                    }
                });
            }
        }
        return found;
    }

    private static Listener listener(SourceMap sources, ElementPath element, String machine, String host, int port) {
        return new Listener(new HostPort(host, port), machine, canonical(host), element, sources.valueOf(element));
    }

    private static String machineOf(NodeConfig node) {
        String host = canonical(node.host());
        return isLocal(host) ? LOCAL_MACHINE : host;
    }

    private static Address addressOf(Listener listener) {
        // Loopback addresses exist once per machine; any other address is one and the same everywhere.
        String scope = isLoopback(listener.bind()) ? listener.machine() : EVERYWHERE;
        return new Address(scope, listener.bind(), listener.address().port());
    }

    private static String canonical(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") ? "127.0.0.1" : lower;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("::1");
    }

    /** Reachable only from the machine itself: loopback, or a wildcard, which includes loopback. */
    private static boolean isLocal(String host) {
        return isLoopback(host) || isWildcard(host);
    }

    private static String message(HostPort address, Listener earlier) {
        String other = earlier.address().equals(address) ? "" : " (" + earlier.address() + ")";
        return address + " is already used by " + earlier.element() + other + " at line " + earlier.position().line();
    }
}
