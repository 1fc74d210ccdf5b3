package dev.strait.policy.config;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.DnsLabel;
import dev.strait.policy.model.FederationTuning;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RaftTuning;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds the {@code regions} mapping: each region's failover order, nodes, services, Raft tuning,
 * federation settings, local callers and local listener.
 */
final class RegionBinder {
    private final BindContext context;
    private final ValueReader values;
    private final GatewayNodeBinder nodeBinder;
    private final ServiceBinder serviceBinder;
    private final RaftTuningBinder raftBinder;
    private final FederationTuningBinder federationBinder;
    private final LocalCallerBinder localCallerBinder;
    private final LocalListenerBinder localListenerBinder;

    RegionBinder(BindContext context, ValueReader values, Path baseDirectory, CertificateLayout layout) {
        this.context = context;
        this.values = values;
        this.nodeBinder = new GatewayNodeBinder(context, values, baseDirectory, layout);
        this.serviceBinder = new ServiceBinder(context, values);
        this.raftBinder = new RaftTuningBinder(context, values);
        this.federationBinder = new FederationTuningBinder(context, values);
        this.localCallerBinder = new LocalCallerBinder(context, values);
        this.localListenerBinder = new LocalListenerBinder(context, values);
    }

    /** Every region whose name is valid, even when parts of it are not (see {@link BoundDocument}). */
    Optional<List<RegionConfig>> bindAll(Node node, ElementPath path) {
        return NamedEntries.read(node, path, "a mapping of region names to regions", context).map(entries -> {
            if (entries.isEmpty()) {
                context.problems().add(Position.of(node), path, "expected at least one region");
            }
            List<RegionConfig> regions = new ArrayList<>();
            for (NamedEntries.Entry entry : entries) {
                bind(entry).ifPresent(regions::add);
            }
            return regions;
        });
    }

    private Optional<RegionConfig> bind(NamedEntries.Entry entry) {
        Optional<RegionName> name = name(entry, "region name").map(RegionName::new);
        // The contents are bound even under an invalid name, so that their problems are reported too.
        Optional<MappingFields> found = MappingFields.of(entry.value(), entry.path(), FormatKeys.REGION, context);
        if (found.isEmpty()) {
            // Still a region, so that references to it are not reported as unknown as well.
            return name.map(region -> new RegionConfig(region, List.of(), List.of(), List.of()));
        }
        MappingFields fields = found.get();
        List<RegionName> failover = fields.optional("failover", values::regionNames, List.<RegionName>of()).orElse(List.of());
        List<NodeConfig> nodes = fields.required("nodes", (node, path) -> nodes(node, path, name)).orElse(List.of());
        List<ServiceConfig> services = fields.optional("services", this::services, List.<ServiceConfig>of()).orElse(List.of());
        // A broken block is reported; the defaults stand in so that the rest of the region is still checked.
        RaftTuning raft = fields.optional("raft", raftBinder::bind, RaftTuning.DEFAULTS).orElse(RaftTuning.DEFAULTS);
        FederationTuning federation = fields.optional("federation", federationBinder::bind, FederationTuning.DEFAULTS)
                .orElse(FederationTuning.DEFAULTS);
        List<LocalCaller> localCallers = fields.optional("localCallers", localCallerBinder::bind, List.<LocalCaller>of())
                .orElse(List.of());
        Optional<LocalListener> localListener = fields.optional("localListener",
                (node, path) -> localListenerBinder.bind(node, path, localCallers, entry.path()), LocalListener.PLAINTEXT);
        return name.map(region -> new RegionConfig(region, failover, nodes, services, raft, federation, localCallers,
                localListener.orElse(LocalListener.PLAINTEXT)));
    }

    private Optional<List<NodeConfig>> nodes(Node node, ElementPath path, Optional<RegionName> region) {
        return NamedEntries.read(node, path, "a mapping of node names to nodes", context).map(entries -> {
            if (entries.isEmpty()) {
                context.problems().add(Position.of(node), path, "expected at least one node");
            }
            List<NodeConfig> nodes = new ArrayList<>();
            for (NamedEntries.Entry entry : entries) {
                nodeBinder.bind(entry, region, name(entry, "node name")).ifPresent(nodes::add);
            }
            return nodes;
        });
    }

    private Optional<List<ServiceConfig>> services(Node node, ElementPath path) {
        return NamedEntries.read(node, path, "a mapping of service names to services", context).map(entries -> {
            List<ServiceConfig> services = new ArrayList<>();
            for (NamedEntries.Entry entry : entries) {
                serviceBinder.bind(entry, name(entry, "service name")).ifPresent(services::add);
            }
            return services;
        });
    }

    /** The entry's name when it is a DNS label; else a problem at the name. */
    private Optional<String> name(NamedEntries.Entry entry, String kind) {
        if (DnsLabel.isValid(entry.name())) {
            return Optional.of(entry.name());
        }
        context.problems().add(Position.of(entry.keyNode()), entry.path(), ValueReader.notLabel(kind, entry.name()));
        return Optional.empty();
    }
}
