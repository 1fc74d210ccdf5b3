package dev.strait.gateway.admin;

import dev.strait.federation.catalog.AppliedConfig;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.ConfigProblem;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.nio.file.Path;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/config}: the config the region has applied, as text. {@code POST /v1/config}: validates a federation config and applies it region-wide through
 * Raft. A refused config changes nothing; an applied one switches every node at one log index.
 */
final class ConfigResource {
    private final RegionStateStore store;
    private final Writes writes;
    private final Path configDirectory;

    /** @param configDirectory where relative paths in a pushed config resolve, as for this node's own file */
    ConfigResource(RegionStateStore store, Writes writes, Path configDirectory) {
        this.store = store;
        this.writes = writes;
        this.configDirectory = configDirectory;
    }

    /** The region's applied config: {@code {"region", "version", "digest", "yaml"}}; version 0 and no text before the first. */
    AdminReply get() {
        AppliedConfig applied = store.current().config();
        return Json.reply(200, Json.object()
                .put("region", store.settings().region().value())
                .put("version", applied.version())
                .put("digest", applied.digest())
                .put("yaml", applied.yaml()));
    }

    AdminReply apply(AdminRequest request) {
        String name = request.parameter("name").filter(n -> !n.isBlank()).orElse("config.yaml");
        String yaml = request.bodyText();
        FederationConfig config;
        try {
            config = new FederationConfigLoader().load(yaml, configDirectory.resolve(Path.of(name).getFileName()), LoadOptions.withoutFileChecks());
        } catch (ConfigException e) {
            ObjectNode body = Json.object().put("error", "invalid_config")
                    .put("message", e.problems().size() + " problem(s) in " + name);
            ArrayNode problems = body.putArray("problems");
            for (ConfigProblem problem : e.problems()) {
                problems.add(new ConfigProblem(Path.of(name), problem.line(), problem.column(), problem.element(), problem.message()).toString());
            }
            return Json.reply(400, body);
        }
        if (config.region(store.settings().region()).isEmpty()) {
            return Json.error(400, "invalid_config", name + ": the config has no region '" + store.settings().region()
                    + "'; a region applies only configs that describe it");
        }
        long expected = store.current().config().version();
        return writes.write(new RegionCommand.ApplyConfig(yaml, expected), body -> body
                .put("version", expected + 1)
                .put("region", store.settings().region().value()));
    }
}
