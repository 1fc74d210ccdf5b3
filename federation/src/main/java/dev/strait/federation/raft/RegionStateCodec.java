package dev.strait.federation.raft;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.EndpointSource;
import dev.strait.policy.model.Fault;
import dev.strait.federation.catalog.Health;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.RegionCommand.ApplyConfig;
import dev.strait.federation.catalog.RegionCommand.DeregisterEndpoint;
import dev.strait.federation.catalog.RegionCommand.ImportCatalog;
import dev.strait.federation.catalog.RegionCommand.ImportChanges;
import dev.strait.federation.catalog.RegionCommand.MarkStale;
import dev.strait.federation.catalog.RegionCommand.PutFault;
import dev.strait.federation.catalog.RegionCommand.PutLinkFault;
import dev.strait.federation.catalog.RegionCommand.RemoveFault;
import dev.strait.federation.catalog.RegionCommand.RegisterEndpoint;
import dev.strait.federation.catalog.RegionCommand.SetHealth;
import dev.strait.federation.catalog.RegionCommand.SetMaintenance;
import dev.strait.federation.catalog.ImportedRegion;
import dev.strait.federation.catalog.RegionState;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON encoding of region commands (Raft log entries) and of whole region states (raft snapshots
 * and linearizable read replies). Every document carries {@code "v":1}; a command also carries a
 * {@code "type"}. Decoding is strict (unknown versions, types and fields are errors), because a
 * node that half-understands an entry would silently diverge from the others. A state's
 * {@code "linkFaults"} is written only when there are some, so states without them encode as
 * before and older raft snapshots still decode.
 */
final class RegionStateCodec {
    static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegionStateCodec() {}

    static byte[] encodeCommand(RegionCommand command) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        switch (command) {
            case ApplyConfig c -> {
                node.put("type", "apply-config");
                node.put("expectedVersion", c.expectedVersion());
                node.put("yaml", c.yaml());
            }
            case RegisterEndpoint c -> {
                node.put("type", "register-endpoint");
                node.put("service", c.service().value());
                node.put("endpoint", c.endpoint().value());
                node.set("address", address(c.address()));
            }
            case DeregisterEndpoint c -> {
                node.put("type", "deregister-endpoint");
                node.put("service", c.service().value());
                node.put("endpoint", c.endpoint().value());
            }
            case SetHealth c -> {
                node.put("type", "set-health");
                node.put("service", c.service().value());
                node.put("endpoint", c.endpoint().value());
                node.put("health", c.health().name());
            }
            case SetMaintenance c -> {
                node.put("type", "set-maintenance");
                node.put("service", c.service().value());
                node.put("endpoint", c.endpoint().value());
                node.put("maintenance", c.maintenance());
            }
            case ImportCatalog c -> {
                node.put("type", "import-catalog");
                node.put("origin", c.origin().value());
                node.put("version", c.version());
                node.set("gateways", addresses(c.gateways()));
                node.set("services", counts(c.healthyEndpoints()));
                node.put("atMillis", c.atMillis());
            }
            case ImportChanges c -> {
                node.put("type", "import-changes");
                node.put("origin", c.origin().value());
                node.put("fromVersion", c.fromVersion());
                node.put("toVersion", c.toVersion());
                node.set("gateways", addresses(c.gateways()));
                node.set("upserts", counts(c.upserts()));
                ArrayNode removals = node.putArray("removals");
                new TreeSet<>(c.removals().stream().map(ServiceName::value).toList()).forEach(removals::add);
                node.put("atMillis", c.atMillis());
            }
            case MarkStale c -> {
                node.put("type", "mark-stale");
                node.put("origin", c.origin().value());
                node.put("version", c.version());
            }
            case PutFault c -> {
                node.put("type", "put-fault");
                node.set("fault", fault(c.fault()));
                node.put("atMillis", c.atMillis());
            }
            case PutLinkFault c -> {
                node.put("type", "put-link-fault");
                node.set("fault", linkFault(c.fault()));
                node.put("atMillis", c.atMillis());
            }
            case RemoveFault c -> {
                node.put("type", "remove-fault");
                node.put("id", c.id());
            }
        }
        return JSON.writeValueAsBytes(node);
    }

    static RegionCommand decodeCommand(byte[] bytes) {
        Fields f = Fields.of(parse(bytes, "command"), "command");
        requireVersion(f);
        String type = f.string("type");
        RegionCommand command = switch (type) {
            case "apply-config" -> {
                f.only("v", "type", "expectedVersion", "yaml");
                yield new ApplyConfig(f.string("yaml"), f.longValue("expectedVersion"));
            }
            case "register-endpoint" -> {
                f.only("v", "type", "service", "endpoint", "address");
                yield new RegisterEndpoint(f.value("service", ServiceName::new), f.value("endpoint", EndpointId::new),
                        address(f.object("address")));
            }
            case "deregister-endpoint" -> {
                f.only("v", "type", "service", "endpoint");
                yield new DeregisterEndpoint(f.value("service", ServiceName::new), f.value("endpoint", EndpointId::new));
            }
            case "set-health" -> {
                f.only("v", "type", "service", "endpoint", "health");
                yield new SetHealth(f.value("service", ServiceName::new), f.value("endpoint", EndpointId::new),
                        f.value("health", Health::valueOf));
            }
            case "set-maintenance" -> {
                f.only("v", "type", "service", "endpoint", "maintenance");
                yield new SetMaintenance(f.value("service", ServiceName::new), f.value("endpoint", EndpointId::new),
                        f.bool("maintenance"));
            }
            case "import-catalog" -> {
                f.only("v", "type", "origin", "version", "gateways", "services", "atMillis");
                yield new ImportCatalog(f.value("origin", RegionName::new), f.longValue("version"),
                        decodeAddresses(f.array("gateways")), decodeCounts(f.object("services")), f.longValue("atMillis"));
            }
            case "import-changes" -> {
                f.only("v", "type", "origin", "fromVersion", "toVersion", "gateways", "upserts", "removals", "atMillis");
                Set<ServiceName> removals = new java.util.LinkedHashSet<>();
                for (String name : f.strings("removals")) {
                    removals.add(typed(name, ServiceName::new, "service name in 'removals' of " + f.what()));
                }
                yield new ImportChanges(f.value("origin", RegionName::new), f.longValue("fromVersion"), f.longValue("toVersion"),
                        decodeAddresses(f.array("gateways")), decodeCounts(f.object("upserts")), removals, f.longValue("atMillis"));
            }
            case "mark-stale" -> {
                f.only("v", "type", "origin", "version");
                yield new MarkStale(f.value("origin", RegionName::new), f.longValue("version"));
            }
            case "put-fault" -> {
                f.only("v", "type", "fault", "atMillis");
                yield new PutFault(fault(f.object("fault")), f.longValue("atMillis"));
            }
            case "put-link-fault" -> {
                f.only("v", "type", "fault", "atMillis");
                yield new PutLinkFault(linkFault(f.object("fault")), f.longValue("atMillis"));
            }
            case "remove-fault" -> {
                f.only("v", "type", "id");
                yield new RemoveFault(f.string("id"));
            }
            default -> throw new CodecException("unknown command type '" + type + "' (expected one of: apply-config, "
                    + "register-endpoint, deregister-endpoint, set-health, set-maintenance, import-catalog, import-changes, "
                    + "mark-stale, put-fault, put-link-fault, remove-fault); was it written by a newer Strait?");
        };
        return command;
    }

    static byte[] encodeState(RegionState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        ObjectNode config = node.putObject("config");
        config.put("version", state.config().version());
        config.put("digest", state.config().digest());
        config.put("yaml", state.config().yaml());
        ObjectNode catalog = node.putObject("catalog");
        // Sorted, so equal states encode to equal bytes on every node.
        new TreeMap<>(state.catalog()).forEach((service, endpoints) -> {
            ArrayNode list = catalog.putArray(service.value());
            for (CatalogEndpoint e : endpoints) {
                ObjectNode entry = list.addObject();
                entry.put("id", e.id().value());
                entry.set("address", address(e.address()));
                entry.put("source", e.source().name());
                entry.put("health", e.health().name());
                entry.put("draining", e.draining());
                entry.put("maintenance", e.maintenance());
            }
        });
        ObjectNode imports = node.putObject("imports");
        new TreeMap<>(state.imports()).forEach((origin, imported) -> {
            ObjectNode entry = imports.putObject(origin.value());
            entry.put("version", imported.version());
            entry.set("gateways", addresses(imported.gateways()));
            entry.set("services", counts(imported.healthyEndpoints()));
            entry.put("syncedAtMillis", imported.syncedAtMillis());
            entry.put("stale", imported.stale());
        });
        ObjectNode faults = node.putObject("faults");
        new TreeMap<>(state.faults()).forEach((id, fault) -> faults.set(id, fault(fault)));
        if (!state.linkFaults().isEmpty()) {
            ObjectNode linkFaults = node.putObject("linkFaults");
            new TreeMap<>(state.linkFaults()).forEach((id, fault) -> linkFaults.set(id, linkFault(fault)));
        }
        node.put("appliedTerm", state.appliedTerm());
        node.put("appliedIndex", state.appliedIndex());
        return JSON.writeValueAsBytes(node);
    }

    static RegionState decodeState(byte[] bytes) {
        Fields f = Fields.of(parse(bytes, "region state"), "region state");
        requireVersion(f);
        f.only("v", "config", "catalog", "imports", "faults", "linkFaults", "appliedTerm", "appliedIndex");
        Fields config = f.object("config");
        config.only("version", "digest", "yaml");
        AppliedConfig applied = new AppliedConfig(config.longValue("version"), config.string("digest"), config.string("yaml"));

        Map<ServiceName, List<CatalogEndpoint>> catalog = new LinkedHashMap<>();
        Fields services = f.object("catalog");
        for (String service : services.names()) {
            List<CatalogEndpoint> endpoints = new ArrayList<>();
            for (Fields e : services.array(service)) {
                e.only("id", "address", "source", "health", "draining", "maintenance");
                endpoints.add(new CatalogEndpoint(e.value("id", EndpointId::new), address(e.object("address")),
                        e.value("source", EndpointSource::valueOf), e.value("health", Health::valueOf),
                        e.bool("draining"), e.bool("maintenance")));
            }
            catalog.put(typed(service, ServiceName::new, "service name in " + services.what()), endpoints);
        }
        Map<RegionName, ImportedRegion> imports = new LinkedHashMap<>();
        Fields importFields = f.object("imports");
        for (String name : importFields.names()) {
            Fields entry = importFields.object(name);
            entry.only("version", "gateways", "services", "syncedAtMillis", "stale");
            RegionName origin = typed(name, RegionName::new, "region name in " + importFields.what());
            imports.put(origin, new ImportedRegion(origin, entry.longValue("version"), decodeAddresses(entry.array("gateways")),
                    decodeCounts(entry.object("services")), entry.longValue("syncedAtMillis"), entry.bool("stale")));
        }
        Map<String, Fault> faults = new LinkedHashMap<>();
        Fields faultFields = f.object("faults");
        for (String id : faultFields.names()) {
            Fault fault = fault(faultFields.object(id));
            if (!fault.id().equals(id)) {
                throw new CodecException("fault '" + fault.id() + "' is stored under id '" + id + "' in " + faultFields.what());
            }
            faults.put(id, fault);
        }
        Map<String, LinkFault> linkFaults = new LinkedHashMap<>();
        if (f.has("linkFaults")) {
            Fields linkFaultFields = f.object("linkFaults");
            for (String id : linkFaultFields.names()) {
                LinkFault fault = linkFault(linkFaultFields.object(id));
                if (!fault.id().equals(id) || faults.containsKey(id)) {
                    throw new CodecException("link fault '" + fault.id() + "' is stored under id '" + id + "' in "
                            + linkFaultFields.what() + (faults.containsKey(id) ? ", an id a service fault already has" : ""));
                }
                linkFaults.put(id, fault);
            }
        }
        return new RegionState(applied, catalog, imports, faults, linkFaults, f.longValue("appliedTerm"), f.longValue("appliedIndex"));
    }

    /** The reply to an applied command: it took effect. */
    static byte[] encodeApplied() {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("outcome", "applied");
        return JSON.writeValueAsBytes(node);
    }

    /** The reply to a command that was committed but did not fit the state when applied. */
    static byte[] encodeRefused(String reason) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", VERSION);
        node.put("outcome", "refused");
        node.put("reason", reason);
        return JSON.writeValueAsBytes(node);
    }

    /** The refusal reason of an apply reply, or empty when the command took effect. */
    static Optional<String> decodeOutcome(byte[] bytes) {
        Fields f = Fields.of(parse(bytes, "apply reply"), "apply reply");
        requireVersion(f);
        String outcome = f.string("outcome");
        return switch (outcome) {
            case "applied" -> {
                f.only("v", "outcome");
                yield Optional.empty();
            }
            case "refused" -> {
                f.only("v", "outcome", "reason");
                yield Optional.of(f.string("reason"));
            }
            default -> throw new CodecException("unknown apply outcome '" + outcome + "' (expected: applied, refused)");
        };
    }

    /** A fault; absent parts are left out, never written as null. */
    private static ObjectNode fault(Fault fault) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", fault.id());
        node.put("service", fault.service().value());
        fault.pathPrefix().ifPresent(p -> node.put("path", p));
        fault.method().ifPresent(m -> node.put("method", m));
        fault.delay().ifPresent(d -> node.putObject("delay").put("ms", d.duration().toMillis()).put("percent", d.percent()));
        fault.abort().ifPresent(a -> node.putObject("abort").put("status", a.status()).put("percent", a.percent()));
        node.put("expiresAtMillis", fault.expiresAtMillis());
        return node;
    }

    private static Fault fault(Fields f) {
        f.only("id", "service", "path", "method", "delay", "abort", "expiresAtMillis");
        Optional<Fault.Delay> delay = delay(f);
        Optional<Fault.Abort> abort = abort(f);
        String id = f.string("id");
        ServiceName service = f.value("service", ServiceName::new);
        Optional<String> path = f.has("path") ? Optional.of(f.string("path")) : Optional.empty();
        Optional<String> method = f.has("method") ? Optional.of(f.string("method")) : Optional.empty();
        long expires = f.longValue("expiresAtMillis");
        return built(() -> new Fault(id, service, path, method, delay, abort, expires), f);
    }

    /** A fault on the link to another region; absent parts are left out, a partition is written only when true. */
    private static ObjectNode linkFault(LinkFault fault) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", fault.id());
        node.put("region", fault.peer().value());
        if (fault.partition()) {
            node.put("partition", true);
        }
        fault.delay().ifPresent(d -> node.putObject("delay").put("ms", d.duration().toMillis()).put("percent", d.percent()));
        fault.abort().ifPresent(a -> node.putObject("abort").put("status", a.status()).put("percent", a.percent()));
        node.put("expiresAtMillis", fault.expiresAtMillis());
        return node;
    }

    private static LinkFault linkFault(Fields f) {
        f.only("id", "region", "partition", "delay", "abort", "expiresAtMillis");
        Optional<Fault.Delay> delay = delay(f);
        Optional<Fault.Abort> abort = abort(f);
        String id = f.string("id");
        RegionName peer = f.value("region", RegionName::new);
        boolean partition = f.has("partition") && f.bool("partition");
        long expires = f.longValue("expiresAtMillis");
        return built(() -> new LinkFault(id, peer, partition, delay, abort, expires), f);
    }

    private static Optional<Fault.Delay> delay(Fields f) {
        if (!f.has("delay")) {
            return Optional.empty();
        }
        Fields d = f.object("delay");
        d.only("ms", "percent");
        long ms = d.longValue("ms");
        long percent = d.longValue("percent");
        return Optional.of(built(() -> new Fault.Delay(Duration.ofMillis(ms), Math.toIntExact(percent)), d));
    }

    private static Optional<Fault.Abort> abort(Fields f) {
        if (!f.has("abort")) {
            return Optional.empty();
        }
        Fields a = f.object("abort");
        a.only("status", "percent");
        long status = a.longValue("status");
        long percent = a.longValue("percent");
        return Optional.of(built(() -> new Fault.Abort(Math.toIntExact(status), Math.toIntExact(percent)), a));
    }

    /** A value built from decoded fields; its own validation becomes a codec error naming where. */
    private static <T> T built(java.util.function.Supplier<T> value, Fields f) {
        try {
            return value.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CodecException("invalid " + f.what() + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode address(HostPort address) {
        ObjectNode node = JSON.createObjectNode();
        node.put("host", address.host());
        node.put("port", address.port());
        return node;
    }

    private static HostPort address(Fields f) {
        f.only("host", "port");
        String host = f.string("host");
        long port = f.longValue("port");
        try {
            return new HostPort(host, Math.toIntExact(port));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CodecException("invalid address in " + f.what() + ": " + e.getMessage(), e);
        }
    }

    private static ArrayNode addresses(List<HostPort> addresses) {
        ArrayNode list = JSON.createArrayNode();
        addresses.forEach(a -> list.add(address(a)));
        return list;
    }

    private static List<HostPort> decodeAddresses(List<Fields> items) {
        return items.stream().map(RegionStateCodec::address).toList();
    }

    /** Service counts, sorted so equal maps encode to equal bytes. */
    private static ObjectNode counts(Map<ServiceName, Integer> counts) {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(counts).forEach((service, count) -> node.put(service.value(), count));
        return node;
    }

    private static Map<ServiceName, Integer> decodeCounts(Fields f) {
        Map<ServiceName, Integer> counts = new LinkedHashMap<>();
        for (String name : f.names()) {
            long count = f.longValue(name);
            if (count < 0 || count > Integer.MAX_VALUE) {
                throw new CodecException("field '" + name + "' in " + f.what() + " must be a count, not " + count);
            }
            counts.put(typed(name, ServiceName::new, "service name in " + f.what()), (int) count);
        }
        return counts;
    }

    private static <T> T typed(String raw, Function<String, T> type, String where) {
        try {
            return type.apply(raw);
        } catch (IllegalArgumentException e) {
            throw new CodecException("invalid " + where + ": " + e.getMessage(), e);
        }
    }

    private static void requireVersion(Fields f) {
        long version = f.longValue("v");
        if (version != VERSION) {
            throw new CodecException("unsupported " + f.what() + " format version " + version + " (this node reads version "
                    + VERSION + "; upgrade every node of the region to the same Strait version)");
        }
    }

    private static JsonNode parse(byte[] bytes, String what) {
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new CodecException("malformed " + what + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Strict access to one JSON object's fields, naming the document and field in every error. */
    private record Fields(JsonNode node, String what) {
        static Fields of(JsonNode node, String what) {
            if (node == null || !node.isObject()) {
                throw new CodecException(what + " must be a JSON object");
            }
            return new Fields(node, what);
        }

        void only(String... allowed) {
            Set<String> known = Set.of(allowed);
            for (String name : node.propertyNames()) {
                if (!known.contains(name)) {
                    throw new CodecException("unknown field '" + name + "' in " + what + " (expected: " + String.join(", ", allowed) + ")");
                }
            }
        }

        /** Whether the optional field {@code name} is present (a null is present, and then refused as missing). */
        boolean has(String name) {
            return node.get(name) != null;
        }

        List<String> names() {
            return List.copyOf(node.propertyNames());
        }

        private JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new CodecException("missing field '" + name + "' in " + what);
            }
            return value;
        }

        String string(String name) {
            JsonNode value = required(name);
            if (!value.isString()) {
                throw new CodecException("field '" + name + "' in " + what + " must be a string");
            }
            return value.stringValue();
        }

        long longValue(String name) {
            JsonNode value = required(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new CodecException("field '" + name + "' in " + what + " must be an integer");
            }
            return value.longValue();
        }

        boolean bool(String name) {
            JsonNode value = required(name);
            if (!value.isBoolean()) {
                throw new CodecException("field '" + name + "' in " + what + " must be true or false");
            }
            return value.booleanValue();
        }

        Fields object(String name) {
            return Fields.of(required(name), "'" + name + "' of " + what);
        }

        List<Fields> array(String name) {
            JsonNode value = required(name);
            if (!value.isArray()) {
                throw new CodecException("field '" + name + "' in " + what + " must be an array");
            }
            List<Fields> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                items.add(Fields.of(value.get(i), name + "[" + i + "] of " + what));
            }
            return items;
        }

        List<String> strings(String name) {
            JsonNode value = required(name);
            if (!value.isArray()) {
                throw new CodecException("field '" + name + "' in " + what + " must be an array");
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isString()) {
                    throw new CodecException(name + "[" + i + "] of " + what + " must be a string");
                }
                items.add(value.get(i).stringValue());
            }
            return items;
        }

        /** A typed value built from a string field; the type's own validation becomes a codec error. */
        <T> T value(String name, Function<String, T> type) {
            return typed(string(name), type, "field '" + name + "' in " + what);
        }
    }
}
