package dev.strait.policy.config;

import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks that every node's certificate chain, private key and trust bundle is a readable file,
 * so that a missing certificate is reported when the config is loaded rather than when a
 * listener starts. Reported at the node's {@code tls} key, or at the node when its files come
 * from the certificate layout. It reads no file's content.
 */
final class CertificateFileRule implements ConfigRule {
    private final Path configFile;
    private final Optional<LoadOptions.Node> only;

    /**
     * @param configFile the config, named in the suggested {@code strait certs init} command
     * @param only       the one node whose files to check; empty for every node
     */
    CertificateFileRule(Path configFile, Optional<LoadOptions.Node> only) {
        this.configFile = configFile;
        this.only = only;
    }

    @Override
    public void check(List<RegionConfig> regions, SourceMap sources, Problems problems) {
        for (RegionConfig region : regions) {
            for (NodeConfig node : region.nodes()) {
                if (only.isPresent() && !only.get().equals(new LoadOptions.Node(region.name(), node.id()))) {
                    continue;
                }
                ElementPath nodePath = ElementPath.node(region.name(), node.id());
                ElementPath tlsPath = nodePath.key("tls");
                ElementPath element = sources.hasKey(tlsPath) ? tlsPath : nodePath;
                Position position = sources.keyOf(element);
                TlsFiles tls = node.tls();
                check("certificate chain", tls.certificateChain()).ifPresent(m -> problems.add(position, element, m));
                check("private key", tls.privateKey()).ifPresent(m -> problems.add(position, element, m));
                check("trust bundle", tls.trustBundle()).ifPresent(m -> problems.add(position, element, m));
            }
        }
    }

    private Optional<String> check(String what, Path file) {
        String problem;
        if (!Files.exists(file)) {
            problem = "does not exist";
        } else if (!Files.isRegularFile(file)) {
            problem = "is not a file";
        } else if (!Files.isReadable(file)) {
            problem = "is not readable";
        } else {
            return Optional.empty();
        }
        return Optional.of(what + " " + file + " " + problem
                + " (to issue certificates: strait certs init --config " + configFile + ")");
    }
}
