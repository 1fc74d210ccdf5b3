package dev.strait.policy.config;

import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.authz.InvalidAuthorizationException;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads a federation config from YAML and validates it, reporting every problem at once with its
 * line, column and element. A config it returns is complete and consistent; anything else is a
 * {@link ConfigException}. Safe on untrusted input: see {@code docs/config.md} for the limits.
 *
 * <p>Stateless and thread-safe; instances are cheap.
 */
public final class FederationConfigLoader {
    /** Creates a loader. */
    public FederationConfigLoader() {}

    /** Loads {@code file} with {@link LoadOptions#defaults()}: certificate files must exist. */
    public FederationConfig load(Path file) throws ConfigException {
        return load(file, LoadOptions.defaults());
    }

    /** Loads {@code file}; relative paths in it are relative to its directory. */
    public FederationConfig load(Path file, LoadOptions options) throws ConfigException {
        return parse(read(file), file, options);
    }

    /**
     * Loads a config given as text, such as the body of {@code POST /v1/config}.
     *
     * @param yaml   the document
     * @param source the path problems name and {@link FederationConfig#source()} holds; relative
     *               paths in the document are resolved against its directory, as if the text had
     *               been read from it
     */
    public FederationConfig load(String yaml, Path source, LoadOptions options) throws ConfigException {
        // UTF-16 units never outnumber UTF-8 bytes, so the cheap check first.
        if (yaml.length() > DocumentLimits.MAX_BYTES || yaml.getBytes(StandardCharsets.UTF_8).length > DocumentLimits.MAX_BYTES) {
            throw single(source, "the config is larger than " + DocumentLimits.MAX_BYTES + " bytes (4 MiB); refusing it");
        }
        return parse(yaml, source, options);
    }

    private FederationConfig parse(String text, Path source, LoadOptions options) throws ConfigException {
        Problems problems = new Problems(source);
        Optional<ComposedDocument> document = new YamlTreeReader().read(stripByteOrderMark(text), problems);
        if (document.isEmpty()
                || !new StructureCheck(problems).check(document.get())
                || !new ExpansionCheck(problems, DocumentLimits.MAX_EXPANDED_NODES).check(document.get().root())) {
            throw problems.toException();
        }
        SourceMap sources = new SourceMap();
        BoundDocument bound = new FederationBinder(new BindContext(problems, sources), baseDirectory(source), options, source)
                .bind(document.get().root());
        for (ConfigRule rule : rules(source, options, bound)) {
            rule.check(bound.regions(), sources, problems);
        }
        if (problems.isEmpty()) {
            checkAuthorizationCompiles(bound.regions(), sources, problems);
        }
        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        // Every top-level value bound, or there would be a problem.
        return bound.config().orElseThrow();
    }

    private static List<ConfigRule> rules(Path source, LoadOptions options, BoundDocument bound) {
        List<ConfigRule> rules = new ArrayList<>(List.of(
                new RegionReferenceRule(), new DuplicateEndpointRule(), new PortClashRule(),
                new CallerReferenceRule(bound.trustDomain()), new UpstreamIdentityRule(bound.trustDomain()), new TrafficRule(),
                new FaultIdRule()));
        if (options.checkFiles()) {
            rules.add(new CertificateFileRule(source, options.filesOf()));
        }
        return rules;
    }

    /**
     * Compiles each region's rules as the gateway will. The binder already refuses everything
     * {@link CompiledAuthorization#compile} refuses, so this never finds anything; it keeps a gap in
     * those checks from turning into a gateway that cannot build its routing.
     */
    private static void checkAuthorizationCompiles(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        for (RegionConfig region : regions) {
            try {
                CompiledAuthorization.compile(region.services().stream()
                        .map(service -> new ServiceAuthorization(service.name(), service.authorization()))
                        .toList());
            } catch (InvalidAuthorizationException e) {
                ElementPath path = ElementPath.region(region.name());
                problems.add(sources.keyOf(path), path, e.getMessage());
            }
        }
    }

    /** Reads at most one byte more than the limit, so that a huge (or endless) file costs nothing. */
    private static String read(Path file) throws ConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(DocumentLimits.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw single(file, "no such file");
        } catch (AccessDeniedException e) {
            throw single(file, "permission denied");
        } catch (IOException e) {
            throw single(file, "cannot read the file: " + e.getMessage());
        }
        if (bytes.length > DocumentLimits.MAX_BYTES) {
            throw single(file, "the file is larger than " + DocumentLimits.MAX_BYTES + " bytes (4 MiB); refusing it");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw single(file, "the file is not valid UTF-8");
        }
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Path baseDirectory(Path source) {
        Path parent = source.getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static ConfigException single(Path file, String message) {
        Problems problems = new Problems(file);
        problems.add(Position.START, ElementPath.ROOT, message);
        return problems.toException();
    }
}
