package dev.strait.gateway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The text {@code strait status} prints, from a node's {@code GET /v1/status} and
 * {@code GET /v1/catalog} answers: one labelled block per subject (node, raft, cert, regions,
 * services, imported), with whatever needs an operator's attention in capitals.
 */
final class StatusSummary {
    /** Below this much validity left, the certificate line says so loudly (the metrics' threshold too). */
    private static final long EXPIRING_SECONDS = 7 * 24 * 3600;
    private static final String LABEL = "%-10s";

    private final StringBuilder text = new StringBuilder();

    private StatusSummary() {}

    /**
     * @param status  the JSON of {@code /v1/status}
     * @param catalog the JSON of {@code /v1/catalog}, or an admin error body ({@code {"error", "message"}})
     *                when the catalog could not be read
     */
    static String render(JsonNode status, JsonNode catalog) {
        StatusSummary summary = new StatusSummary();
        summary.node(status);
        summary.raft(status.path("raft"));
        summary.certificate(status.path("certificate"));
        summary.regions(status.path("federation"));
        summary.services(catalog);
        summary.imports(catalog);
        return summary.text.toString();
    }

    private void node(JsonNode status) {
        List<String> parts = new ArrayList<>();
        parts.add(status.path("region").asString("?") + "/" + status.path("node").asString("?"));
        if (status.has("ready")) {
            parts.add(status.path("ready").asBoolean(false) ? "ready" : "NOT READY");
        }
        if (status.path("draining").asBoolean(false)) {
            parts.add("DRAINING" + (status.hasNonNull("drainDeadline") ? " until " + status.path("drainDeadline").asString("") : ""));
        }
        JsonNode config = status.path("config");
        long version = config.path("version").asLong(0);
        parts.add(version == 0 ? "NO CONFIG APPLIED (routing by its own file)"
                : "config v" + version + " (digest " + abbreviate(config.path("digest").asString(""), 12) + ")");
        line("node", String.join("   ", parts));
    }

    private void raft(JsonNode raft) {
        String role = raft.path("role").asString("unknown");
        String leader = raft.hasNonNull("leader") ? "leader " + raft.path("leader").asString("") : "NO LEADER";
        long commit = raft.path("commitIndex").asLong(0);
        long applied = raft.path("appliedIndex").asLong(0);
        String progress = applied < commit ? "applied " + applied + " of " + commit + " committed" : "applied " + applied;
        line("raft", leader + ", term " + raft.path("term").asLong(0) + ", " + progress + ", "
                + plural(raft.path("members").size(), "member") + "   (this node: " + role + ")");
    }

    private void certificate(JsonNode certificate) {
        if (!certificate.has("expiresInSeconds")) {
            return;
        }
        long left = certificate.path("expiresInSeconds").asLong(0);
        String notAfter = certificate.path("notAfter").asString("");
        String when = left <= 0 ? "node certificate EXPIRED " + duration(-left) + " ago"
                : left < EXPIRING_SECONDS ? "node certificate EXPIRES SOON: in " + duration(left)
                : "node certificate expires in " + duration(left);
        line("cert", when + (notAfter.isEmpty() ? "" : " (" + notAfter + ")"));
    }

    private void regions(JsonNode federation) {
        JsonNode peers = federation.path("peers");
        if (peers.isEmpty()) {
            line("regions", "no other region in the federation");
            return;
        }
        int width = 0;
        for (JsonNode peer : peers) {
            width = Math.max(width, peer.path("region").asString("").length());
        }
        boolean first = true;
        for (JsonNode peer : peers) {
            line(first ? "regions" : "", pad(peer.path("region").asString("?"), width) + "  " + peer(peer));
            first = false;
        }
    }

    /** One peer region's health: its state in a word, then what shows it. */
    private static String peer(JsonNode peer) {
        List<String> facts = new ArrayList<>();
        boolean stale = peer.path("stale").asBoolean(false);
        boolean connected = peer.path("connected").asBoolean(false);
        boolean synced = peer.path("importedVersion").asLong(0) > 0;
        facts.add(stale ? "STALE" : connected ? "connected" : synced ? "DISCONNECTED" : "NOT SYNCED YET");
        if (peer.has("lagSeconds")) {
            double lag = peer.path("lagSeconds").asDouble(0);
            facts.add(connected && !stale ? "lag " + seconds(lag) : "no message from its leader for " + seconds(lag));
        } else if (peer.hasNonNull("lastSyncAgeMillis")) {
            // Not the node holding the streams: the region's replicated view is all it has.
            facts.add("last change synced " + duration(peer.path("lastSyncAgeMillis").asLong(0) / 1000) + " ago");
        }
        // A count would mislead: a new export snapshot jumps the version ahead by far more than one.
        if (peer.path("lagVersions").asLong(0) > 0) {
            facts.add("this region's latest export not yet acknowledged");
        }
        int unreachable = peer.path("unreachableGateways").size();
        if (unreachable > 0) {
            facts.add("UNREACHABLE: " + unreachable + " of " + Math.max(unreachable, peer.path("gateways").asInt(0))
                    + " gateways do not answer probes");
        }
        if (stale) {
            facts.add("its services are a last resort");
        }
        return String.join(", ", facts);
    }

    private void services(JsonNode catalog) {
        if (catalog.has("error") || !catalog.has("services")) {
            line("services", "UNKNOWN: the catalog could not be read (" + catalog.path("message").asString("no answer") + ")");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, JsonNode> service : catalog.path("services").properties()) {
            line(first ? "services" : "", service.getKey() + ": " + endpoints(service.getValue().path("endpoints")));
            first = false;
        }
        if (first) {
            line("services", "none served in this region");
        }
    }

    /** "2/3 endpoints healthy (1 draining)": healthy meaning routable, as the snapshot counts them. */
    private static String endpoints(JsonNode endpoints) {
        int routable = 0;
        int maintenance = 0;
        int draining = 0;
        for (JsonNode endpoint : endpoints) {
            routable += endpoint.path("routable").asBoolean(false) ? 1 : 0;
            maintenance += endpoint.path("maintenance").asBoolean(false) ? 1 : 0;
            draining += endpoint.path("draining").asBoolean(false) ? 1 : 0;
        }
        List<String> aside = new ArrayList<>();
        if (maintenance > 0) {
            aside.add(maintenance + " in maintenance");
        }
        if (draining > 0) {
            aside.add(draining + " draining");
        }
        return routable + "/" + plural(endpoints.size(), "endpoint") + " healthy"
                + (aside.isEmpty() ? "" : " (" + String.join(", ", aside) + ")");
    }

    private void imports(JsonNode catalog) {
        boolean first = true;
        for (JsonNode imported : catalog.path("imports")) {
            List<String> services = new ArrayList<>();
            for (Map.Entry<String, JsonNode> service : imported.path("services").properties()) {
                services.add(service.getKey() + " " + service.getValue().path("healthyEndpoints").asInt(0));
            }
            String exported = services.isEmpty() ? "exports nothing here" : "healthy endpoints: " + String.join(", ", services);
            line(first ? "imported" : "", imported.path("region").asString("?") + ": " + exported
                    + (imported.path("stale").asBoolean(false) ? " (STALE)" : ""));
            first = false;
        }
    }

    private void line(String label, String content) {
        text.append(String.format(Locale.ROOT, LABEL, label)).append(content).append('\n');
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String abbreviate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** Seconds with one decimal below a minute (federation lag), else as {@link #duration}. */
    private static String seconds(double value) {
        return value < 60 ? String.format(Locale.ROOT, "%.1f s", value) : duration((long) value);
    }

    /** A whole number of the largest unit that keeps two digits of meaning: "41 s", "12 min", "5 h", "29 d". */
    static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h";
        }
        return seconds / 86400 + " d";
    }
}
