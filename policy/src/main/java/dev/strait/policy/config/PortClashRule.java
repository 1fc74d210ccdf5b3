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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that no two listeners of any nodes, and no listener and endpoint, share a host and port:
 * one of them would fail to bind, or the gateway would proxy to itself. {@code 0.0.0.0} and
 * {@code ::} clash with every host on their port, and {@code localhost} is {@code 127.0.0.1}.
 * Two endpoints may share an address: one server can serve several services.
 */
final class PortClashRule implements ConfigRule {
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::");

    /** One use of a port: a listener of a node, or an endpoint of a service. */
    private record Use(HostPort address, String host, boolean listener, ElementPath element, Position position) {
        boolean wildcard() {
            return WILDCARDS.contains(host);
        }
    }

    /** The uses of one port seen so far, indexed so that each new use is checked in constant time. */
    private static final class PortUsers {
        private final Map<String, Use> listeners = new HashMap<>();
        private final Map<String, Use> endpoints = new HashMap<>();
        private Optional<Use> anyListener = Optional.empty();
        private Optional<Use> anyEndpoint = Optional.empty();
        private Optional<Use> wildcardListener = Optional.empty();
        private Optional<Use> wildcardEndpoint = Optional.empty();

        Optional<Use> clashWith(Use use) {
            if (use.wildcard()) {
                return use.listener() ? anyListener.or(() -> anyEndpoint) : anyListener;
            }
            Optional<Use> sameHostListener = Optional.ofNullable(listeners.get(use.host())).or(() -> wildcardListener);
            return use.listener()
                    ? sameHostListener.or(() -> Optional.ofNullable(endpoints.get(use.host()))).or(() -> wildcardEndpoint)
                    : sameHostListener;
        }

        void add(Use use) {
            (use.listener() ? listeners : endpoints).putIfAbsent(use.host(), use);
            if (use.listener()) {
                anyListener = anyListener.or(() -> Optional.of(use));
                wildcardListener = use.wildcard() ? wildcardListener.or(() -> Optional.of(use)) : wildcardListener;
            } else {
                anyEndpoint = anyEndpoint.or(() -> Optional.of(use));
                wildcardEndpoint = use.wildcard() ? wildcardEndpoint.or(() -> Optional.of(use)) : wildcardEndpoint;
            }
        }
    }

    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        List<Use> uses = new ArrayList<>();
        for (RegionConfig region : regions) {
            for (NodeConfig node : region.nodes()) {
                ElementPath ports = ElementPath.node(region.name(), node.id()).key("ports");
                ListenerPorts p = node.ports();
                addListener(uses, sources, ports.key("local"), node.host(), p.local());
                addListener(uses, sources, ports.key("peer"), node.host(), p.peer());
                addListener(uses, sources, ports.key("admin"), node.adminHost(), p.admin());
                addListener(uses, sources, ports.key("raft"), node.host(), p.raft());
                addListener(uses, sources, ports.key("federation"), node.host(), p.federation());
            }
            for (ServiceConfig service : region.services()) {
                List<ElementPath> paths = sources.itemsOf(ElementPath.service(region.name(), service.name()).key("endpoints"));
                for (int i = 0; i < service.endpoints().size() && i < paths.size(); i++) {
                    EndpointConfig endpoint = service.endpoints().get(i);
                    ElementPath element = paths.get(i).key("address");
                    uses.add(new Use(endpoint.address(), canonical(endpoint.address().host()), false, element,
                            sources.valueOf(element)));
                }
            }
        }
        // Report the later of two uses, so that the message points back at the one that came first.
        uses.sort(Comparator.comparing(Use::position));
        Map<Integer, PortUsers> byPort = new HashMap<>();
        for (Use use : uses) {
            PortUsers users = byPort.computeIfAbsent(use.address().port(), port -> new PortUsers());
            users.clashWith(use).ifPresent(earlier -> problems.add(use.position(), use.element(), message(use, earlier)));
            users.add(use);
        }
    }

    private static void addListener(List<Use> uses, SourceMap sources, ElementPath element, String host, int port) {
        uses.add(new Use(new HostPort(host, port), canonical(host), true, element, sources.valueOf(element)));
    }

    private static String canonical(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") ? "127.0.0.1" : lower;
    }

    private static String message(Use use, Use earlier) {
        String other = earlier.address().equals(use.address()) ? "" : " (" + earlier.address() + ")";
        return use.address() + " is already used by " + earlier.element() + other + " at line " + earlier.position().line();
    }
}
