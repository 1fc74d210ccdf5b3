package dev.strait.gateway.cli;

import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.plan.ConfigPlan;
import dev.strait.policy.plan.PlanRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strait plan}: the dry run of {@code strait apply}. Validates a config here, fetches the
 * config a region has applied, and prints what applying the new one would change, per region,
 * including the resulting routing candidates; it applies nothing. Exit 0 whether or not there are
 * changes.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Shows, per region, what applying a federation config would change; applies nothing.")
final class PlanCommand implements Callable<Integer> {
    /** The name problems in the fetched config are reported against. */
    private static final Path APPLIED = Path.of("applied-config.yaml");

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the new federation config")
    private Path config;

    @Option(names = "--admin", required = true, paramLabel = "URL", description = "the admin URL of any node of the region")
    private URI admin;

    @CommandLine.Mixin
    private AdminTokenOption token;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<FederationConfig> proposed = ConfigFiles.load(config, LoadOptions.withoutFileChecks(), err);
        if (proposed.isEmpty()) {
            return 1;
        }
        Optional<JsonNode> appliedBody = fetchApplied(err);
        if (appliedBody.isEmpty()) {
            return 1;
        }
        JsonNode body = appliedBody.get();
        String regionText = body.path("region").asString("");
        long version = body.path("version").asLong();
        FederationConfig applied;
        try {
            applied = new FederationConfigLoader().load(body.path("yaml").asString(""), APPLIED, LoadOptions.withoutFileChecks());
        } catch (ConfigException e) {
            err.println("strait plan: the config region " + regionText + " has applied (version " + version
                    + ") does not parse here; is this strait the same version as the region's?");
            e.problems().forEach(err::println);
            err.flush();
            return 1;
        }
        if (!regionText.isEmpty() && proposed.get().region(RegionName.of(regionText)).isEmpty()) {
            err.println("strait plan: " + config + " has no region '" + regionText
                    + "'; a region applies only configs that describe it, so apply would refuse it");
            err.flush();
            return 1;
        }
        ConfigPlan plan = ConfigPlan.between(applied, proposed.get())
                .withRoutes(PlannedRoutes.of(applied), PlannedRoutes.of(proposed.get()));
        out.printf("plan for %s against config version %d of region %s (digest %.12s):%n", config, version, regionText,
                body.path("digest").asString(""));
        out.print(PlanRenderer.render(plan));
        out.println("nothing was applied");
        out.flush();
        return 0;
    }

    private Optional<JsonNode> fetchApplied(PrintWriter err) throws InterruptedException {
        HttpResponse<String> response;
        URI target;
        try (AdminClient client = new AdminClient(admin, token.token())) {
            target = client.uri("/v1/config");
            response = client.get("/v1/config");
        } catch (AdminTokenException e) {
            return fail(err, e.getMessage());
        } catch (IOException e) {
            return fail(err, "cannot reach " + admin + ": " + e.getMessage());
        }
        if (response.statusCode() != 200) {
            return fail(err, "GET " + target + " answered " + AdminClient.failure(response));
        }
        JsonNode body;
        try {
            body = JsonMapper.builder().build().readTree(response.body());
        } catch (RuntimeException e) {
            return fail(err, "GET " + target + " answered " + response.statusCode() + " with no JSON: " + response.body().strip());
        }
        if (body.path("version").asLong() == 0 || !body.hasNonNull("yaml")) {
            return fail(err, "region " + body.path("region").asString("?") + " has applied no config yet; nothing to compare with");
        }
        return Optional.of(body);
    }

    private static Optional<JsonNode> fail(PrintWriter err, String message) {
        err.println("strait plan: " + message);
        err.flush();
        return Optional.empty();
    }
}
