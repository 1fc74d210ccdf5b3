package dev.strait.policy.config;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TlsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Binds one gateway node of a region: its hosts, listener ports and certificate files. */
final class GatewayNodeBinder {
    private static final String DEFAULT_ADMIN_HOST = "127.0.0.1";

    private final BindContext context;
    private final ValueReader values;
    private final Path baseDirectory;
    private final CertificateLayout layout;

    GatewayNodeBinder(BindContext context, ValueReader values, Path baseDirectory, CertificateLayout layout) {
        this.context = context;
        this.values = values;
        this.baseDirectory = baseDirectory;
        this.layout = layout;
    }

    /**
     * The node, when it and the names it sits under are valid.
     *
     * @param region the region's name, empty when invalid (the node is still checked)
     * @param name   the node's name, empty when invalid
     */
    Optional<NodeConfig> bind(NamedEntries.Entry entry, Optional<RegionName> region, Optional<String> name) {
        Optional<MappingFields> found = MappingFields.of(entry.value(), entry.path(), FormatKeys.NODE, context);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MappingFields fields = found.get();
        Optional<NodeId> id = name.map(NodeId::new);
        Optional<String> host = fields.required("host", values::host);
        Optional<String> adminHost = fields.optional("adminHost", values::host, DEFAULT_ADMIN_HOST);
        Optional<ListenerPorts> ports = fields.required("ports", this::ports);
        Optional<TlsFiles> tls = fields.has("tls")
                ? fields.required("tls", this::tls)
                : region.flatMap(r -> id.map(n -> layout.node(r, n)));
        if (id.isEmpty() || host.isEmpty() || adminHost.isEmpty() || ports.isEmpty() || tls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeConfig(id.get(), host.get(), adminHost.get(), ports.get(), tls.get()));
    }

    private Optional<ListenerPorts> ports(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.PORTS, context).flatMap(fields -> {
            Optional<Integer> local = fields.required("local", values::port);
            Optional<Integer> peer = fields.required("peer", values::port);
            Optional<Integer> admin = fields.required("admin", values::port);
            Optional<Integer> raft = fields.required("raft", values::port);
            Optional<Integer> federation = fields.required("federation", values::port);
            Optional<List<Integer>> additionalLocal = fields.optional("additionalLocal",
                    (value, at) -> additionalLocal(value, at, local), List.<Integer>of());
            if (local.isEmpty() || peer.isEmpty() || admin.isEmpty() || raft.isEmpty() || federation.isEmpty()
                    || additionalLocal.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ListenerPorts(local.get(), peer.get(), admin.get(), raft.get(), federation.get(),
                    additionalLocal.get()));
        });
    }

    /**
     * More ports of the local listener: a list of ports, none of them the {@code local} port or
     * listed twice (clashes with other listeners are {@link PortClashRule}'s to find).
     */
    private Optional<List<Integer>> additionalLocal(Node node, ElementPath path, Optional<Integer> local) {
        return values.list(node, path, "a list of ports").flatMap(items -> {
            List<Integer> ports = new ArrayList<>();
            boolean valid = true;
            for (ValueReader.Item item : items) {
                Optional<Integer> port = values.port(item.node(), item.path());
                if (port.isEmpty()) {
                    valid = false;
                } else if (local.equals(port) || ports.contains(port.get())) {
                    context.problems().add(context.sources().valueOf(item.path()), item.path(), "port " + port.get()
                            + (local.equals(port) ? " is already the local port" : " is listed twice")
                            + " (expected: each port of the local listener once)");
                    valid = false;
                } else {
                    ports.add(port.get());
                }
            }
            return valid ? Optional.of(List.copyOf(ports)) : Optional.empty();
        });
    }

    /** Explicit certificate files: all three, since mixing given and default paths is easy to get wrong. */
    private Optional<TlsFiles> tls(Node node, ElementPath path) {
        return MappingFields.of(node, path, FormatKeys.TLS, context).flatMap(fields -> {
            Optional<Path> chain = fields.required("certificateChain", this::file);
            Optional<Path> key = fields.required("privateKey", this::file);
            Optional<Path> bundle = fields.required("trustBundle", this::file);
            if (chain.isEmpty() || key.isEmpty() || bundle.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new TlsFiles(chain.get(), key.get(), bundle.get()));
        });
    }

    private Optional<Path> file(Node node, ElementPath path) {
        return values.path(node, path).map(file -> baseDirectory.resolve(file).normalize());
    }
}
