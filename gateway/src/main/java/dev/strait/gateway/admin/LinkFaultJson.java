package dev.strait.gateway.admin;

import dev.strait.policy.model.Fault;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API's JSON of a fault on the link to another region: {@code {"region": "eu-west",
 * "partition": true, "ttl": "60s"}}, or a delay and/or an abort instead of the partition. Which
 * regions a fault may name is the region's rule, checked when the fault is written.
 */
final class LinkFaultJson {
    static final String EXPECTED = "expected a JSON body such as {\"region\": \"eu-west\", \"partition\": true, \"ttl\": \"60s\"} "
            + "or {\"region\": \"eu-west\", \"delay\": {\"ms\": 200, \"percent\": 100}, \"abort\": {\"status\": 503, "
            + "\"percent\": 50}, \"ttl\": \"60s\"} (ttl or expiresAt; a partition alone, or delay, abort or both)";
    private static final Set<String> FIELDS = Set.of("region", "partition", "delay", "abort", "ttl", "expiresAt");
    private static final Set<String> SERVICE_ONLY = Set.of("path", "method");

    private LinkFaultJson() {}

    /** The link fault a PUT body with {@code region} describes; every problem is an {@link IllegalArgumentException}. */
    static LinkFault parse(String id, JsonNode body, long nowMillis) {
        for (String name : body.propertyNames()) {
            if (SERVICE_ONLY.contains(name)) {
                throw new IllegalArgumentException("field '" + name + "' applies to a fault on a service, not to one on the link"
                        + " to a region (expected with 'region': partition, delay, abort, ttl, expiresAt)");
            }
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (expected with 'region': partition, delay, abort, "
                        + "ttl, expiresAt)");
            }
        }
        RegionName peer = new RegionName(FaultsResource.string(body, "region").orElseThrow());
        boolean partition = partition(body);
        Optional<Fault.Delay> delay = FaultsResource.delay(body);
        Optional<Fault.Abort> abort = FaultsResource.abort(body);
        if (partition && (delay.isPresent() || abort.isPresent())) {
            throw new IllegalArgumentException("a partition stands alone: 'partition' cuts the link, so "
                    + (delay.isPresent() ? "a 'delay'" : "an 'abort'") + " with it could never apply (expected: \"partition\": true "
                    + "alone, or delay and/or abort without it)");
        }
        if (!partition && delay.isEmpty() && abort.isEmpty()) {
            throw new IllegalArgumentException("a fault on the link to region '" + peer + "' needs \"partition\": true, or a "
                    + "delay and/or an abort; " + EXPECTED);
        }
        return new LinkFault(id, peer, partition, delay, abort, FaultsResource.expiry(body, nowMillis));
    }

    private static boolean partition(JsonNode body) {
        JsonNode value = body.get("partition");
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("field 'partition' must be true or false");
        }
        return value.booleanValue();
    }

    /** The listing's JSON of a link fault, with its expiry and the time left. */
    static ObjectNode describe(LinkFault fault, long nowMillis) {
        ObjectNode node = Json.object();
        node.put("id", fault.id());
        node.put("region", fault.peer().value());
        if (fault.partition()) {
            node.put("partition", true);
        }
        fault.delay().ifPresent(d -> node.putObject("delay").put("ms", d.duration().toMillis()).put("percent", d.percent()));
        fault.abort().ifPresent(a -> node.putObject("abort").put("status", a.status()).put("percent", a.percent()));
        node.put("expiresAt", Instant.ofEpochMilli(fault.expiresAtMillis()).toString());
        node.put("remainingMillis", Math.max(0, fault.expiresAtMillis() - nowMillis));
        return node;
    }
}
