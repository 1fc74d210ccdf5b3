package dev.strait.policy.plan;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.traffic.Subset;
import dev.strait.policy.traffic.TrafficPolicy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compares two federation configs element by element, into the config changes of a {@link ConfigPlan}. */
final class ConfigPlanner {
    private ConfigPlanner() {}

    static List<PlannedChange> changes(FederationConfig applied, FederationConfig proposed) {
        List<PlannedChange> changes = new ArrayList<>();
        federationField(changes, "federation", applied.name(), proposed.name());
        federationField(changes, "trustDomain", applied.trustDomain().toString(), proposed.trustDomain().toString());
        federationField(changes, "meshSuffix", applied.meshSuffix(), proposed.meshSuffix());
        for (RegionConfig region : proposed.regions()) {
            applied.region(region.name()).ifPresentOrElse(old -> region(changes, old, region), () -> {
                changes.add(new PlannedChange.RegionAdded(region.name()));
                region.services().forEach(s -> changes.add(new PlannedChange.ServiceAdded(region.name(), s.name())));
            });
        }
        for (RegionConfig old : applied.regions()) {
            if (proposed.region(old.name()).isEmpty()) {
                changes.add(new PlannedChange.RegionRemoved(old.name()));
            }
        }
        return changes;
    }

    private static void federationField(List<PlannedChange> changes, String element, String before, String after) {
        if (!before.equals(after)) {
            changes.add(new PlannedChange.FederationChanged(new FieldChange(element, before, after)));
        }
    }

    private static void region(List<PlannedChange> changes, RegionConfig old, RegionConfig next) {
        RegionName name = next.name();
        List<FieldChange> fields = new ArrayList<>();
        field(fields, "failover", regions(old.failover()), regions(next.failover()));
        field(fields, "localCallers", localCallers(old.localCallers()), localCallers(next.localCallers()));
        field(fields, "localListener", localListener(old.localListener()), localListener(next.localListener()));
        keyed(fields, "node ", old.nodes(), next.nodes(), NodeConfig::id, ConfigPlanner::node);
        recordFields(fields, "raft.", old.raft(), next.raft());
        recordFields(fields, "federation.", old.federation(), next.federation());
        fields.forEach(field -> changes.add(new PlannedChange.RegionChanged(name, field)));

        for (ServiceConfig service : next.services()) {
            old.service(service.name()).ifPresentOrElse(
                    before -> service(before, service).forEach(f -> changes.add(new PlannedChange.ServiceChanged(name, service.name(), f))),
                    () -> changes.add(new PlannedChange.ServiceAdded(name, service.name())));
        }
        for (ServiceConfig service : old.services()) {
            if (next.service(service.name()).isEmpty()) {
                changes.add(new PlannedChange.ServiceRemoved(name, service.name()));
            }
        }
    }

    private static List<FieldChange> service(ServiceConfig old, ServiceConfig next) {
        List<FieldChange> fields = new ArrayList<>();
        field(fields, "protocol", old.protocol().configName(), next.protocol().configName());
        field(fields, "upstreamTls", old.upstreamTls().configName(), next.upstreamTls().configName());
        field(fields, "exportTo", regions(old.exportTo()), regions(next.exportTo()));
        field(fields, "failover", regions(old.failover()), regions(next.failover()));
        keyed(fields, "endpoint ", old.endpoints(), next.endpoints(), EndpointConfig::id, ConfigPlanner::endpoint);
        field(fields, "healthCheck", healthCheck(old.healthCheck()), healthCheck(next.healthCheck()));
        int rules = Math.max(old.authorization().size(), next.authorization().size());
        for (int i = 0; i < rules; i++) {
            String before = i < old.authorization().size() ? rule(old.authorization().get(i)) : "";
            String after = i < next.authorization().size() ? rule(next.authorization().get(i)) : "";
            field(fields, "authorization[" + i + "]", before, after);
        }
        traffic(fields, old.traffic(), next.traffic());
        keyed(fields, "fault ", old.faults(), next.faults(), Fault::id, TrafficText::fault);
        return fields;
    }

    private static String endpoint(EndpointConfig endpoint) {
        return endpoint.address() + (endpoint.metadata().isEmpty() ? "" : " " + TrafficText.labels(endpoint.metadata()));
    }

    private static void traffic(List<FieldChange> fields, TrafficPolicy old, TrafficPolicy next) {
        keyed(fields, "traffic.subset ", old.subsets(), next.subsets(), Subset::name, TrafficText::subset);
        field(fields, "traffic defaults", TrafficText.settings(old.defaults()), TrafficText.settings(next.defaults()));
        field(fields, "traffic.circuitBreaker", TrafficText.circuitBreaker(old.circuitBreaker()),
                TrafficText.circuitBreaker(next.circuitBreaker()));
        int routes = Math.max(old.routes().size(), next.routes().size());
        for (int i = 0; i < routes; i++) {
            String before = i < old.routes().size() ? TrafficText.route(old.routes().get(i)) : "";
            String after = i < next.routes().size() ? TrafficText.route(next.routes().get(i)) : "";
            String name = (i < next.routes().size() ? next.routes().get(i) : old.routes().get(i)).name().orElse("");
            field(fields, "traffic.routes[" + i + "]" + (name.isEmpty() ? "" : " " + name), before, after);
        }
    }

    private static void field(List<FieldChange> fields, String element, String before, String after) {
        if (!before.equals(after)) {
            fields.add(new FieldChange(element, before, after));
        }
    }

    /** Elements with ids: added and changed ones in the new order, then removed ones. */
    private static <T, K> void keyed(List<FieldChange> fields, String prefix, List<T> old, List<T> next,
            Function<T, K> id, Function<T, String> render) {
        for (T element : next) {
            String before = old.stream().filter(o -> id.apply(o).equals(id.apply(element))).findFirst().map(render).orElse("");
            field(fields, prefix + id.apply(element), before, render.apply(element));
        }
        for (T element : old) {
            if (next.stream().noneMatch(n -> id.apply(n).equals(id.apply(element)))) {
                fields.add(FieldChange.removed(prefix + id.apply(element), render.apply(element)));
            }
        }
    }

    /** Every component of a tuning record, by its config name. */
    private static void recordFields(List<FieldChange> fields, String prefix, Record old, Record next) {
        for (RecordComponent component : old.getClass().getRecordComponents()) {
            field(fields, prefix + component.getName(), value(component, old), value(component, next));
        }
    }

    private static String value(RecordComponent component, Record record) {
        try {
            Object value = component.getAccessor().invoke(record);
            return value instanceof Duration duration ? duration(duration) : String.valueOf(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + " of " + record.getClass().getSimpleName(), e);
        }
    }

    static String regions(List<RegionName> regions) {
        return regions.stream().map(RegionName::value).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String localListener(LocalListener listener) {
        String text = listener.tls().configName();
        if (listener.mutualTls()) {
            text += ", clientCertificate " + listener.clientCertificate().configName();
        }
        return text + listener.identity().map(identity -> ", identity " + identity).orElse("");
    }

    private static String localCallers(List<LocalCaller> callers) {
        return callers.stream().map(c -> c.from() + " as " + c.service()).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String node(NodeConfig node) {
        return "host " + node.host() + ", adminHost " + node.adminHost() + ", ports { local: " + node.ports().local()
                + ", peer: " + node.ports().peer() + ", admin: " + node.ports().admin() + ", raft: " + node.ports().raft()
                + ", federation: " + node.ports().federation() + " }";
    }

    static String healthCheck(HealthCheck check) {
        return switch (check) {
            case HealthCheck.None _ -> "none";
            case HealthCheck.Http http -> "http " + http.path() + timing(http);
            case HealthCheck.Tcp tcp -> "tcp" + timing(tcp);
        };
    }

    private static String timing(HealthCheck.Active check) {
        return " every " + duration(check.interval()) + ", timeout " + duration(check.timeout())
                + ", healthy " + check.healthyThreshold() + ", unhealthy " + check.unhealthyThreshold();
    }

    /** A rule on one line: {@code allow from [anonymous, *] methods [GET] paths [prefix /a] headers [x present]}. */
    static String rule(AuthorizationRule rule) {
        StringBuilder text = new StringBuilder(rule.action().name().toLowerCase(Locale.ROOT))
                .append(" from ").append(list(rule.from()));
        if (!rule.methods().isEmpty()) {
            text.append(" methods ").append(rule.methods().stream().sorted().collect(Collectors.joining(", ", "[", "]")));
        }
        if (!rule.paths().isEmpty()) {
            text.append(" paths ").append(list(rule.paths()));
        }
        if (!rule.headers().isEmpty()) {
            text.append(" headers ").append(list(rule.headers()));
        }
        return text.toString();
    }

    private static String list(List<?> values) {
        return values.stream().map(Objects::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code 1500ms}, {@code 5s} or {@code 2m}: the spelling the config accepts. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
