package dev.strait.federation.catalog;

import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.nio.file.Path;

/**
 * Parses a replicated config text the same way on every node. File checks are off and the source
 * path is fixed, because certificate files and the operator's file name differ between nodes and
 * must not make one node accept what another refuses.
 */
final class AppliedConfigParser {
    /** The name problems are reported against; the operator's file name is checked before proposing. */
    static final Path SOURCE = Path.of("applied-config.yaml");

    private AppliedConfigParser() {}

    static FederationConfig parse(String yaml) throws ConfigException {
        return new FederationConfigLoader().load(yaml, SOURCE, LoadOptions.withoutFileChecks());
    }
}
