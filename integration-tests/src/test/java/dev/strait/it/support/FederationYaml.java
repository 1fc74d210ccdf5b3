package dev.strait.it.support;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a federation config built in a test as the YAML an operator would write, so test
 * federations start the way real ones do: from a file, through the loader.
 */
public final class FederationYaml {
    private FederationYaml() {}

    public static String render(FederationConfig config) {
        StringBuilder yaml = new StringBuilder()
                .append("federation: ").append(config.name()).append('\n')
                .append("trustDomain: ").append(config.trustDomain()).append('\n')
                .append("meshSuffix: ").append(config.meshSuffix()).append('\n')
                .append("certificates: \"").append(config.certificateDirectory()).append("\"\n")
                .append("regions:\n");
        for (RegionConfig region : config.regions()) {
            yaml.append("  ").append(region.name()).append(":\n")
                    .append("    failover: ").append(names(region.failover())).append('\n');
            if (!region.localCallers().isEmpty()) {
                yaml.append("    localCallers:\n");
                for (LocalCaller caller : region.localCallers()) {
                    yaml.append("      - { from: \"").append(caller.from()).append("\", service: ")
                            .append(caller.service()).append(" }\n");
                }
            }
            if (!region.localListener().equals(LocalListener.PLAINTEXT)) {
                localListener(yaml, region.localListener());
            }
            yaml.append("    nodes:\n");
            for (NodeConfig node : region.nodes()) {
                yaml.append("      ").append(node.id()).append(":\n")
                        .append("        host: ").append(node.host()).append('\n')
                        .append("        adminHost: ").append(node.adminHost()).append('\n')
                        .append("        ports: { local: ").append(node.ports().local())
                        .append(", peer: ").append(node.ports().peer())
                        .append(", admin: ").append(node.ports().admin())
                        .append(", raft: ").append(node.ports().raft())
                        .append(", federation: ").append(node.ports().federation()).append(" }\n");
            }
            if (!region.services().isEmpty()) {
                yaml.append("    services:\n");
            }
            for (ServiceConfig service : region.services()) {
                yaml.append("      ").append(service.name()).append(":\n")
                        .append("        protocol: ").append(service.protocol().configName()).append('\n')
                        .append("        upstreamTls: ").append(service.upstreamTls().configName()).append('\n')
                        .append("        exportTo: ").append(names(service.exportTo())).append('\n');
                if (!service.endpoints().isEmpty()) {
                    yaml.append("        endpoints:\n");
                }
                for (EndpointConfig endpoint : service.endpoints()) {
                    yaml.append("          - { id: ").append(endpoint.id()).append(", address: \"")
                            .append(endpoint.address()).append("\" }\n");
                }
                if (!service.authorization().isEmpty()) {
                    yaml.append("        authorization:\n");
                }
                for (AuthorizationRule rule : service.authorization()) {
                    rule(yaml, rule);
                }
            }
        }
        return yaml.toString();
    }

    private static void localListener(StringBuilder yaml, LocalListener listener) {
        yaml.append("    localListener:\n")
                .append("      tls: ").append(listener.tls().configName()).append('\n');
        if (listener.mutualTls()) {
            yaml.append("      clientCertificate: ").append(listener.clientCertificate().configName()).append('\n');
        }
        listener.identity().ifPresent(identity -> yaml.append("      identity: ").append(identity).append('\n'));
    }

    private static void rule(StringBuilder yaml, AuthorizationRule rule) {
        yaml.append("          - action: ").append(rule.action().name().toLowerCase(Locale.ROOT)).append('\n')
                .append("            from: ").append(rule.from().stream().map(caller -> quoted(caller.toString()))
                        .collect(Collectors.joining(", ", "[", "]"))).append('\n');
        if (!rule.methods().isEmpty()) {
            yaml.append("            methods: ").append(rule.methods().stream().sorted()
                    .collect(Collectors.joining(", ", "[", "]"))).append('\n');
        }
        if (!rule.paths().isEmpty()) {
            yaml.append("            paths: ").append(rule.paths().stream().map(path -> "{ " + switch (path) {
                case PathMatch.Exact exact -> "exact";
                case PathMatch.Prefix prefix -> "prefix";
                case PathMatch.Pattern pattern -> "pattern";
            } + ": " + quoted(path.value()) + " }").collect(Collectors.joining(", ", "[", "]"))).append('\n');
        }
        if (!rule.headers().isEmpty()) {
            yaml.append("            headers: ").append(rule.headers().stream().map(header -> "{ name: " + header.name() + ", "
                    + switch (header.condition()) {
                        case HeaderMatch.Exact exact -> "exact: " + quoted(exact.value());
                        case HeaderMatch.Prefix prefix -> "prefix: " + quoted(prefix.prefix());
                        case HeaderMatch.Present present -> "present: true";
                        case HeaderMatch.Absent absent -> "absent: true";
                    } + " }").collect(Collectors.joining(", ", "[", "]"))).append('\n');
        }
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String names(List<RegionName> regions) {
        return regions.stream().map(RegionName::value).collect(Collectors.joining(", ", "[", "]"));
    }
}
