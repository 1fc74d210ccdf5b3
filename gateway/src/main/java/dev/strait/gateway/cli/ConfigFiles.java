package dev.strait.gateway.cli;

import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Loads a federation config for a command, printing every problem when it is refused. */
final class ConfigFiles {
    private ConfigFiles() {}

    static Optional<FederationConfig> load(Path file, LoadOptions options, PrintWriter err) {
        try {
            return Optional.of(new FederationConfigLoader().load(file, options));
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                err.println(problem);
            }
            err.flush();
            return Optional.empty();
        }
    }
}
