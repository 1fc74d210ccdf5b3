package dev.strait.policy.config;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.TrustDomain;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Binds a composed document to a {@link FederationConfig}: the top-level keys here, each region
 * with {@link RegionBinder}. It reports every problem it meets and carries on, so that one pass
 * finds them all.
 */
final class FederationBinder {
    private static final String DEFAULT_MESH_SUFFIX = "mesh";
    private static final Path DEFAULT_CERTIFICATES = Path.of("certs");

    private final BindContext context;
    private final ValueReader values;
    private final Path baseDirectory;
    private final LoadOptions options;
    private final Path source;

    /**
     * @param baseDirectory what relative paths in the document are relative to: the config file's directory
     * @param source        the file, for {@link FederationConfig#source()}
     */
    FederationBinder(BindContext context, Path baseDirectory, LoadOptions options, Path source) {
        this.context = context;
        this.values = new ValueReader(context);
        this.baseDirectory = baseDirectory;
        this.options = options;
        this.source = source;
    }

    BoundDocument bind(Node root) {
        Optional<MappingFields> found = MappingFields.of(root, ElementPath.ROOT, FormatKeys.TOP_LEVEL, context);
        if (found.isEmpty()) {
            return new BoundDocument(List.of(), Optional.empty(), Optional.empty());
        }
        MappingFields fields = found.get();
        Optional<String> name = fields.required("federation", (node, path) -> values.label(node, path, "federation name"));
        Optional<TrustDomain> trustDomain = fields.required("trustDomain", values::trustDomain);
        Optional<String> meshSuffix = fields.optional("meshSuffix", values::meshSuffix, DEFAULT_MESH_SUFFIX);
        Optional<Path> configured = fields.optional("certificates", values::path, DEFAULT_CERTIFICATES)
                .map(directory -> baseDirectory.resolve(directory).normalize());
        // A broken 'certificates' is reported; the default stands in so that nodes can still be checked.
        Path certificates = options.certificateDirectory()
                .or(() -> configured)
                .orElse(baseDirectory.resolve(DEFAULT_CERTIFICATES).normalize());

        RegionBinder regionBinder = new RegionBinder(context, values, baseDirectory, new CertificateLayout(certificates));
        List<RegionConfig> regions = fields.required("regions", regionBinder::bindAll).orElse(List.of());

        Optional<FederationConfig> config = name.isPresent() && trustDomain.isPresent() && meshSuffix.isPresent()
                && configured.isPresent()
                ? Optional.of(new FederationConfig(name.get(), trustDomain.get(), meshSuffix.get(), certificates, regions, source))
                : Optional.empty();
        return new BoundDocument(regions, trustDomain, config);
    }
}
