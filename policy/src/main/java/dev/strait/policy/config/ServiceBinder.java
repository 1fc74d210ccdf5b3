package dev.strait.policy.config;

import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.UpstreamTls;
import dev.strait.policy.traffic.TrafficPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds one service of a region: how it is spoken to, which regions may call it and who may (its
 * {@code authorization} rules, with {@link AuthorizationBinder}), where it fails over, its endpoints
 * (with their metadata) and how they are checked, how its calls are routed and handled (its
 * {@code traffic} block, with {@link TrafficBinder}) and the faults it declares for drills
 * ({@link FaultBinder}).
 */
final class ServiceBinder {
    private final BindContext context;
    private final ValueReader values;
    private final HealthCheckBinder healthCheckBinder;
    private final AuthorizationBinder authorizationBinder;
    private final MetadataBinder metadataBinder;
    private final TrafficBinder trafficBinder;
    private final FaultBinder faultBinder;

    ServiceBinder(BindContext context, ValueReader values) {
        this.context = context;
        this.values = values;
        this.healthCheckBinder = new HealthCheckBinder(context, values);
        this.authorizationBinder = new AuthorizationBinder(context, values);
        this.metadataBinder = new MetadataBinder(context, values);
        this.trafficBinder = new TrafficBinder(context, values);
        this.faultBinder = new FaultBinder(context, values);
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
        // A broken block is reported; the default stands in, and TrafficRule has nothing to judge in it.
        TrafficPolicy traffic = fields.optional("traffic", trafficBinder::bind, TrafficPolicy.NONE).orElse(TrafficPolicy.NONE);
        Optional<ServiceName> serviceName = name.map(ServiceName::new);
        List<Fault> faults = fields.optional("faults", (node, path) -> faultBinder.bind(node, path, serviceName),
                List.<Fault>of()).orElse(List.of());
        Optional<SpiffeId.Service> upstreamIdentity = fields.optional("upstreamIdentity",
                (node, path) -> upstreamIdentity(node, path, upstreamTls), Optional.<SpiffeId.Service>empty())
                .orElse(Optional.empty());
        return serviceName.map(service -> new ServiceConfig(service, protocol, upstreamTls, exportTo, failover,
                endpoints, healthCheck, authorization, traffic, faults, upstreamIdentity));
    }

    /**
     * The workload identity the endpoints must present instead of the service's own; only where
     * the gateway verifies one ({@code upstreamTls: tls} or {@code mtls}). Whether its trust domain
     * is the federation's is {@link UpstreamIdentityRule}'s to check.
     */
    private Optional<Optional<SpiffeId.Service>> upstreamIdentity(Node node, ElementPath path, UpstreamTls upstreamTls) {
        return values.string(node, path, "a workload SPIFFE ID").flatMap(text -> {
            Optional<SpiffeId.Service> id = SpiffeId.parse(text)
                    .filter(SpiffeId.Service.class::isInstance).map(SpiffeId.Service.class::cast);
            if (id.isEmpty()) {
                context.problems().add(Position.of(node), path, "upstream identity "
                        + NodeDescription.quoted(text) + " is not a workload SPIFFE ID"
                        + " (expected: spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE)");
                return Optional.empty();
            }
            if (upstreamTls == UpstreamTls.PLAINTEXT) {
                context.problems().add(context.sources().keyOf(path), path, "never applies: endpoints spoken to in"
                        + " plaintext present no identity (expected: upstreamTls: tls or mtls, or leave out upstreamIdentity)");
                return Optional.empty();
            }
            return Optional.of(id);
        });
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
            Optional<Map<String, String>> metadata = fields.optional("metadata",
                    (value, at) -> metadataBinder.bind(value, at, "endpoint metadata"), Map.<String, String>of());
            if (id.isEmpty() || address.isEmpty() || metadata.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EndpointConfig(new EndpointId(id.get()), address.get(), metadata.get()));
        });
    }
}
