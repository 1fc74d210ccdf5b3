package dev.strait.gateway.admin;

import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RegionStateStore;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.federation.raft.WriteResult;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/** Sends one command through the region's Raft group and answers with what became of it. */
final class Writes {
    private final RegionStateStore store;

    Writes(RegionStateStore store) {
        this.store = store;
    }

    AdminReply write(RegionCommand command) {
        return write(command, body -> {});
    }

    /** As {@link #write(RegionCommand)}, letting the caller add to a successful answer. */
    AdminReply write(RegionCommand command, Consumer<ObjectNode> details) {
        try {
            WriteResult result = store.write(command);
            ObjectNode body = Json.object().put("committed", true).put("index", result.logIndex());
            details.accept(body);
            return Json.reply(200, body);
        } catch (CommandRejectedException e) {
            return Json.error(409, "rejected", e.reason());
        } catch (RegionUnavailableException e) {
            // Not committed as far as this node can tell; never reported as done.
            return Json.error(503, "unavailable", e.getMessage());
        }
    }
}
