package dev.strait.gateway.admin;

import dev.strait.gateway.operations.Drain;
import dev.strait.gateway.operations.DrainStatus;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/drain}: takes the node out of service without failing calls (see {@link Drain}).
 * Answers {@code 202} at once, with the deadline by which the node closes; asking again changes
 * nothing and answers the same deadline.
 */
final class DrainResource {
    private final Drain drain;

    DrainResource(Drain drain) {
        this.drain = drain;
    }

    AdminReply post() {
        DrainStatus status = drain.begin();
        ObjectNode body = Json.object();
        body.put("draining", true);
        body.put("phase", phase(status));
        body.put("deadline", status.deadline().orElseThrow().toString());
        body.put("timeoutSeconds", drain.timeout().toSeconds());
        return Json.reply(202, body);
    }

    /** The phase as the admin API names it: {@code serving}, {@code draining} or {@code closed}. */
    static String phase(DrainStatus status) {
        return switch (status.phase()) {
            case SERVING -> "serving";
            case DRAINING -> "draining";
            case CLOSED -> "closed";
        };
    }
}
