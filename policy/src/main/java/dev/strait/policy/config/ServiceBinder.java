package dev.strait.policy.config;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds one service of a region: how it is spoken to, which regions may call it and who may (its
 * {@code authorization} rules, with {@link AuthorizationBinder}), where it fails over, its endpoints
 * and how they are checked.
 */
final class ServiceBinder {
    private final BindContext context;
    private final ValueReader values;
    private final HealthCheckBinder healthCheckBinder;
    private final AuthorizationBinder authorizationBinder;

    ServiceBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
        this.healthCheckBinder = new HealthCheckBinder(context, values);
        this.authorizationBinder = new AuthorizationBinder(context, values);
    }

    /** The service when its name is valid, with whatever of it bound (see {@link BoundDocument}). */
    Optional<ServiceConfig> bind(NamedEntries.Entry entry, Optional<String> name) {
        Optional<MappingFields> found = MappingFields.of(entry.value(), entry.path(), FormatKeys.SERVICE, context);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MappingFields fields = found.get();
        Protocol protocol = fields.optional("protocol", (node, path) -> values.choice(node, path, "protocol",
                Protocol.values(), Protocol::configName), Protocol.HTTP1).orElse(Protocol.HTTP1);
        UpstreamTls upstreamTls = fields.optional("upstreamTls", (node, path) -> values.choice(node, path,
                "upstream TLS mode", UpstreamTls.values(), UpstreamTls::configName), UpstreamTls.PLAINTEXT)
                .orElse(UpstreamTls.PLAINTEXT);
        List<RegionName> exportTo = fields.optional("exportTo", values::regionNames, List.<RegionName>of()).orElse(List.of());
        List<RegionName> failover = fields.optional("failover", values::regionNames, List.<RegionName>of()).orElse(List.of());
        List<EndpointConfig> endpoints = fields.optional("endpoints", this::endpoints, List.<EndpointConfig>of()).orElse(List.of());
        HealthCheck healthCheck = fields.optional("healthCheck", healthCheckBinder::bind, HealthCheck.NONE).orElse(HealthCheck.NONE);
        List<AuthorizationRule> authorization = fields.optional("authorization", authorizationBinder::bind,
                List.<AuthorizationRule>of()).orElse(List.of());
        return name.map(service -> new ServiceConfig(new ServiceName(service), protocol, upstreamTls, exportTo, failover,
                endpoints, healthCheck, authorization));
    }

    private Optional<List<EndpointConfig>> endpoints(Node node, ElementPath path) {
        return values.list(node, path, "a list of endpoints").map(items -> {
            List<EndpointConfig> endpoints = new ArrayList<>();
            List<ElementPath> bound = new ArrayList<>();
            for (ValueReader.Item item : items) {
                endpoint(item.node(), item.path()).ifPresent(endpoint -> {
                    endpoints.add(endpoint);
                    bound.add(item.path());
                });
            }
            context.sources().recordItems(path, bound);
            return endpoints;
        });
    }

    private Optional<EndpointConfig> endpoint(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.ENDPOINT, context).flatMap(fields -> {
            Optional<String> id = fields.required("id", (value, at) -> values.label(value, at, "endpoint id"));
            Optional<HostPort> address = fields.required("address", values::address);
            if (id.isEmpty() || address.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EndpointConfig(new EndpointId(id.get()), address.get()));
        });
    }
}
