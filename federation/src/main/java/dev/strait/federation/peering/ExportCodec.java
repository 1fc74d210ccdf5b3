package dev.strait.federation.peering;

import dev.strait.federation.peering.proto.ExportChanges;
import dev.strait.federation.peering.proto.ExportSnapshot;
import dev.strait.federation.peering.proto.ExportedService;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns exports into protocol messages and back. Decoding treats the peer as untrusted: entry
 * counts are bounded, names must be valid service names and addresses valid host:port pairs, and
 * a duplicate is an error, so a bad message is refused whole rather than half applied.
 */
final class ExportCodec {
    private static final int MAX_HOST_LENGTH = 253;

    private ExportCodec() {}

    static ExportSnapshot snapshot(long version, ExportedCatalog export) {
        return ExportSnapshot.newBuilder()
                .setVersion(version)
                .addAllGateways(export.gateways().stream().map(HostPort::toString).toList())
                .addAllServices(services(export.healthyEndpoints()))
                .build();
    }

    static ExportChanges changes(long fromVersion, long toVersion, ExportedCatalog.Changes changes) {
        return ExportChanges.newBuilder()
                .setFromVersion(fromVersion)
                .setToVersion(toVersion)
                .addAllGateways(changes.gateways().stream().map(HostPort::toString).toList())
                .addAllUpserts(services(changes.upserts()))
                .addAllRemovals(changes.removals().stream().map(ServiceName::value).sorted().toList())
                .build();
    }

    private static List<ExportedService> services(Map<ServiceName, Integer> counts) {
        return new TreeMap<>(counts).entrySet().stream()
                .map(e -> ExportedService.newBuilder().setName(e.getKey().value()).setHealthyEndpoints(e.getValue()).build())
                .toList();
    }

    static List<HostPort> gateways(List<String> raw) throws InvalidExportException {
        bound("gateways", raw.size(), PeeringSettings.MAX_GATEWAYS);
        Set<HostPort> seen = new HashSet<>();
        for (String address : raw) {
            if (!seen.add(address(address))) {
                throw new InvalidExportException("gateway '" + address + "' is listed twice");
            }
        }
        return raw.stream().map(ExportCodec::addressUnchecked).toList();
    }

    static Map<ServiceName, Integer> services(List<ExportedService> raw) throws InvalidExportException {
        bound("services", raw.size(), PeeringSettings.MAX_SERVICES);
        Map<ServiceName, Integer> counts = new LinkedHashMap<>();
        for (ExportedService service : raw) {
            if (service.getHealthyEndpoints() < 0) {
                throw new InvalidExportException("service '" + service.getName() + "' has a negative endpoint count");
            }
            if (counts.put(name(service.getName()), service.getHealthyEndpoints()) != null) {
                throw new InvalidExportException("service '" + service.getName() + "' is listed twice");
            }
        }
        return counts;
    }

    static Set<ServiceName> removals(List<String> raw) throws InvalidExportException {
        bound("removals", raw.size(), PeeringSettings.MAX_SERVICES);
        Set<ServiceName> names = new HashSet<>();
        for (String name : raw) {
            if (!names.add(name(name))) {
                throw new InvalidExportException("removal of '" + name + "' is listed twice");
            }
        }
        return names;
    }

    private static void bound(String what, int count, int max) throws InvalidExportException {
        if (count > max) {
            throw new InvalidExportException(count + " " + what + " in one message (at most " + max + ")");
        }
    }

    private static ServiceName name(String raw) throws InvalidExportException {
        try {
            return ServiceName.of(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidExportException("invalid service name '" + abbreviate(raw) + "': " + e.getMessage());
        }
    }

    private static HostPort address(String raw) throws InvalidExportException {
        try {
            return addressUnchecked(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidExportException("invalid gateway address '" + abbreviate(raw) + "': " + e.getMessage());
        }
    }

    private static HostPort addressUnchecked(String raw) {
        int colon = raw.lastIndexOf(':');
        if (colon <= 0 || raw.length() > MAX_HOST_LENGTH + 8) {
            throw new IllegalArgumentException("expected host:port");
        }
        String host = raw.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 address must be in brackets");
        }
        try {
            return new HostPort(host, Integer.parseInt(raw.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port is not a number");
        }
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 64 ? raw : raw.substring(0, 64) + "…";
    }

    /** A peer sent something the importer refuses whole. */
    static final class InvalidExportException extends Exception {
        InvalidExportException(String message) {
            super(message);
        }
    }
}
