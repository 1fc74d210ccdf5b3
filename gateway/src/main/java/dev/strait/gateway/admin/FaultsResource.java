package dev.strait.gateway.admin;

import dev.strait.federation.catalog.CommandCheck;
import dev.strait.policy.model.Fault;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionState;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/faults} (the region's unexpired faults, as this node applied them), {@code GET},
 * {@code PUT} and {@code DELETE /v1/faults/{id}}, written through Raft. A fault is on a service's
 * calls ({@code "service"}) or on the link to another region ({@code "region"}, see {@link
 * LinkFaultJson}); both kinds share one set of ids. A fault that the region's rules refuse
 * (unknown service or region, out-of-range values, expiry) is answered with 400 and the reason.
 */
final class FaultsResource {
    private static final Set<String> FIELDS = Set.of("service", "path", "method", "delay", "abort", "ttl", "expiresAt");
    private static final Pattern TTL = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
    private static final String EXPECTED = "expected a JSON body such as {\"service\": \"orders\", \"path\": \"/api\", "
            + "\"method\": \"GET\", \"delay\": {\"ms\": 200, \"percent\": 50}, \"abort\": {\"status\": 503, \"percent\": 10}, "
            + "\"ttl\": \"60s\"} (ttl or expiresAt; delay, abort or both)";

    private final RegionStateStore store;
    private final Writes writes;
    private final CommandCheck check;
    private final LongSupplier wallClockMillis;

    FaultsResource(RegionStateStore store, Writes writes, LongSupplier wallClockMillis) {
        this.store = store;
        this.writes = writes;
        this.check = new CommandCheck(store.settings().region());
        this.wallClockMillis = wallClockMillis;
    }

    AdminReply list() {
        RegionState state;
        try {
            state = store.read(false);
        } catch (RegionUnavailableException e) {
            return Json.error(503, "unavailable", e.getMessage());
        }
        long now = wallClockMillis.getAsLong();
        ObjectNode body = Json.object();
        body.put("region", store.settings().region().value());
        body.put("appliedIndex", state.appliedIndex());
        // Both kinds, in one id order.
        Map<String, ObjectNode> described = new TreeMap<>();
        state.activeFaults(now).forEach(fault -> described.put(fault.id(), describe(fault, now)));
        state.activeLinkFaults(now).forEach(fault -> described.put(fault.id(), LinkFaultJson.describe(fault, now)));
        ArrayNode faults = body.putArray("faults");
        described.values().forEach(faults::add);
        return Json.reply(200, body);
    }

    AdminReply get(String id) {
        long now = wallClockMillis.getAsLong();
        RegionState state = store.current();
        Optional<ObjectNode> service = Optional.ofNullable(state.faults().get(id))
                .filter(fault -> fault.activeAt(now))
                .map(fault -> describe(fault, now));
        Optional<ObjectNode> link = Optional.ofNullable(state.linkFaults().get(id))
                .filter(fault -> fault.activeAt(now))
                .map(fault -> LinkFaultJson.describe(fault, now));
        return service.or(() -> link).map(node -> Json.reply(200, node)).orElseGet(() -> noSuchFault(id));
    }

    AdminReply put(String id, AdminRequest request) {
        long now = wallClockMillis.getAsLong();
        RegionCommand command;
        try {
            command = command(id, Json.MAPPER.readTree(request.body()), now);
        } catch (JacksonException e) {
            return Json.error(400, "bad_request", "malformed JSON: " + e.getOriginalMessage() + "; " + EXPECTED + "; or "
                    + LinkFaultJson.EXPECTED);
        } catch (IllegalArgumentException e) {
            return Json.error(400, "bad_request", e.getMessage());
        }
        Optional<String> refusal = check.reject(store.current(), command);
        if (refusal.isPresent()) {
            return Json.error(400, "bad_request", refusal.get());
        }
        long expiresAtMillis = switch (command) {
            case RegionCommand.PutFault put -> put.fault().expiresAtMillis();
            case RegionCommand.PutLinkFault put -> put.fault().expiresAtMillis();
            default -> throw new IllegalStateException("not a fault: " + command);
        };
        return writes.write(command, body -> body.put("id", id)
                .put("expiresAt", Instant.ofEpochMilli(expiresAtMillis).toString()));
    }

    /**
     * The command a PUT body asks for: a fault on a service's calls when it has {@code service}, on
     * the link to another region when it has {@code region}; exactly one of the two.
     */
    static RegionCommand command(String id, JsonNode body, long nowMillis) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException(EXPECTED + "; or " + LinkFaultJson.EXPECTED);
        }
        boolean service = body.has("service");
        boolean region = body.has("region");
        if (service && region) {
            throw new IllegalArgumentException("a fault has either 'service' (a fault on the service's calls) or 'region' "
                    + "(a fault on the link to that region), not both");
        }
        return region
                ? new RegionCommand.PutLinkFault(LinkFaultJson.parse(id, body, nowMillis), nowMillis)
                : new RegionCommand.PutFault(parse(id, body, nowMillis), nowMillis);
    }

    AdminReply delete(String id) {
        if (!store.current().hasFault(id)) {
            return noSuchFault(id);
        }
        return writes.write(new RegionCommand.RemoveFault(id));
    }

    private AdminReply noSuchFault(String id) {
        return Json.error(404, "not_found", "region '" + store.settings().region() + "' has no active fault '" + id + "'");
    }

    /** The admin API's JSON of a fault, with its expiry and the time left. */
    static ObjectNode describe(Fault fault, long nowMillis) {
        ObjectNode node = Json.object();
        node.put("id", fault.id());
        node.put("service", fault.service().value());
        fault.pathPrefix().ifPresent(p -> node.put("path", p));
        fault.method().ifPresent(m -> node.put("method", m));
        fault.delay().ifPresent(d -> node.putObject("delay").put("ms", d.duration().toMillis()).put("percent", d.percent()));
        fault.abort().ifPresent(a -> node.putObject("abort").put("status", a.status()).put("percent", a.percent()));
        node.put("expiresAt", Instant.ofEpochMilli(fault.expiresAtMillis()).toString());
        node.put("remainingMillis", Math.max(0, fault.expiresAtMillis() - nowMillis));
        return node;
    }

    /** The fault a PUT body describes; every problem is an {@link IllegalArgumentException} with a message for the caller. */
    static Fault parse(String id, JsonNode body, long nowMillis) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (expected: service, path, method, delay, abort, "
                        + "ttl, expiresAt)");
            }
        }
        ServiceName service = new ServiceName(string(body, "service").orElseThrow(() ->
                new IllegalArgumentException("missing field 'service' (a fault on a service's calls) or 'region' (a fault on "
                        + "the link to another region); " + EXPECTED)));
        return new Fault(id, service, string(body, "path"), string(body, "method"), delay(body), abort(body),
                expiry(body, nowMillis));
    }

    static Optional<Fault.Delay> delay(JsonNode body) {
        return object(body, "delay", List.of("ms", "percent"))
                .map(d -> new Fault.Delay(Duration.ofMillis(integer(d, "delay", "ms")), integer(d, "delay", "percent")));
    }

    static Optional<Fault.Abort> abort(JsonNode body) {
        return object(body, "abort", List.of("status", "percent"))
                .map(a -> new Fault.Abort(integer(a, "abort", "status"), integer(a, "abort", "percent")));
    }

    static long expiry(JsonNode body, long nowMillis) {
        Optional<String> ttl = string(body, "ttl");
        Optional<String> expiresAt = string(body, "expiresAt");
        if (ttl.isPresent() == expiresAt.isPresent()) {
            throw new IllegalArgumentException("a fault needs exactly one of 'ttl' (e.g. \"60s\") and 'expiresAt' "
                    + "(e.g. \"2030-01-01T12:00:00Z\"); it may live at most " + Fault.MAX_LIFETIME.toHours() + " h");
        }
        if (ttl.isPresent()) {
            return nowMillis + ttl(ttl.get()).toMillis();
        }
        try {
            return Instant.parse(expiresAt.get()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expiresAt '" + expiresAt.get() + "' is not an ISO-8601 instant "
                    + "(expected e.g. \"2030-01-01T12:00:00Z\")");
        }
    }

    /** A ttl: a whole number and a unit, {@code ms}, {@code s}, {@code m} or {@code h}. */
    static Duration ttl(String text) {
        Matcher matcher = TTL.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("ttl '" + text + "' is not a duration (expected e.g. 500ms, 60s, 10m or 2h)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    static Optional<String> string(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("field '" + name + "' must be a string");
        }
        return Optional.of(value.stringValue());
    }

    private static Optional<JsonNode> object(JsonNode body, String name, List<String> fields) {
        JsonNode value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("field '" + name + "' must be an object with " + String.join(" and ", fields));
        }
        for (String field : value.propertyNames()) {
            if (!fields.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "' in '" + name + "' (expected: "
                        + String.join(", ", fields) + ")");
            }
        }
        return Optional.of(value);
    }

    private static int integer(JsonNode node, String where, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + name + "' in '" + where + "' must be an integer");
        }
        return value.intValue();
    }
}
