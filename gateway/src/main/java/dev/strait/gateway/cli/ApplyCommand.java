package dev.strait.gateway.cli;

import dev.strait.gateway.admin.AdminToken;
import dev.strait.policy.config.LoadOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code strait apply}: validates a config here, then has a node of the region apply it through
 * Raft, so every node of the region switches at the same log index, or none does.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Validates a federation config and applies it to a running region, atomically.")
final class ApplyCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the new federation config")
    private Path config;

    @Option(names = "--admin", required = true, paramLabel = "URL", description = "the admin URL of any node of the region")
    private URI admin;

    @CommandLine.Mixin
    private AdminTokenOption token;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (ConfigFiles.load(config, LoadOptions.withoutFileChecks(), err).isEmpty()) {
            return 1;
        }
        Optional<AdminToken> adminToken;
        try {
            adminToken = token.token();
        } catch (AdminTokenException e) {
            err.println("strait apply: " + e.getMessage());
            err.flush();
            return 1;
        }
        HttpResponse<String> response;
        try (AdminClient client = new AdminClient(admin, adminToken)) {
            response = client.post("/v1/config?name=" + URLEncoder.encode(config.toString(), StandardCharsets.UTF_8),
                    "application/yaml", HttpRequest.BodyPublishers.ofFile(config));
        } catch (IOException e) {
            err.println("strait apply: cannot reach " + admin + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        JsonNode body = AdminClient.json(response.body());
        if (response.statusCode() == 200) {
            out.printf("applied %s as config version %d of region %s (log index %d)%n", config,
                    body.path("version").asLong(), body.path("region").asString(""), body.path("index").asLong());
            out.flush();
            return 0;
        }
        if (body.has("problems")) {
            body.get("problems").forEach(problem -> err.println(problem.asString()));
        } else {
            err.println("strait apply: " + AdminClient.failure(response));
        }
        err.println("strait apply: nothing was changed");
        err.flush();
        return 1;
    }
}
