package dev.strait.gateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code strait status}: a human summary of one node, its region's Raft group, every federated
 * region's health as that node sees it, and the services it knows. Exit 0 whenever the node
 * answers, healthy or not (the summary says what is wrong); 1 when it cannot be reached or
 * answers with an error.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Summarizes a node, its region's Raft group and every federated region's health.")
final class StatusCommand implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--admin", required = true, paramLabel = "URL", description = "the admin URL of the node to describe")
    private URI admin;

    @CommandLine.Mixin
    private AdminTokenOption token;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode status;
        JsonNode catalog;
        try (AdminClient client = new AdminClient(admin, token.token())) {
            HttpResponse<String> response = client.get("/v1/status");
            if (response.statusCode() != 200) {
                return fail(err, "GET " + client.uri("/v1/status") + " answered " + AdminClient.failure(response));
            }
            try {
                status = JSON.readTree(response.body());
            } catch (RuntimeException e) {
                return fail(err, "GET " + client.uri("/v1/status") + " answered with no JSON: " + response.body().strip());
            }
            catalog = catalog(client);
        } catch (AdminTokenException e) {
            return fail(err, e.getMessage());
        } catch (IOException e) {
            return fail(err, "cannot reach " + admin + ": " + e.getMessage());
        }
        out.print(StatusSummary.render(status, catalog));
        out.flush();
        return 0;
    }

    /** The node's catalog, or an error body saying why there is none: the status alone is still worth printing. */
    private static JsonNode catalog(AdminClient client) throws InterruptedException {
        try {
            HttpResponse<String> response = client.get("/v1/catalog");
            JsonNode body = AdminClient.json(response.body());
            return response.statusCode() == 200 ? body
                    : JSON.createObjectNode().put("error", "failed").put("message", AdminClient.failure(response));
        } catch (IOException e) {
            return JSON.createObjectNode().put("error", "unreachable").put("message", e.getMessage());
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("strait status: " + message);
        err.flush();
        return 1;
    }
}
