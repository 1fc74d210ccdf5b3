package dev.strait.federation.snapshot;

import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed mesh authority: {@code <service>.<suffix>} (failover-aware) or
 * {@code <service>.<region>.<suffix>} (pinned to a region). A port, if any, is ignored.
 */
record MeshAuthority(ServiceName service, Optional<RegionName> region) {
    static Optional<MeshAuthority> parse(String authority, String suffix) {
        if (authority == null || authority.isEmpty()) {
            return Optional.empty();
        }
        String host = stripPort(authority).toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String tail = "." + suffix;
        if (!host.endsWith(tail)) {
            return Optional.empty();
        }
        String[] labels = host.substring(0, host.length() - tail.length()).split("\\.", -1);
        for (String label : labels) {
            if (!DnsLabel.isValid(label)) {
                return Optional.empty();
            }
        }
        return switch (labels.length) {
            case 1 -> Optional.of(new MeshAuthority(new ServiceName(labels[0]), Optional.empty()));
            case 2 -> Optional.of(new MeshAuthority(new ServiceName(labels[0]), Optional.of(new RegionName(labels[1]))));
            default -> Optional.empty();
        };
    }

    private static String stripPort(String authority) {
        if (authority.startsWith("[")) {
            return authority; // an IPv6 literal is never a mesh name
        }
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }
}
