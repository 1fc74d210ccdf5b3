package dev.strait.gateway.server;

import dev.strait.gateway.pipeline.Listener;
import org.eclipse.jetty.server.Request;

/** Names Jetty connectors after the gateway's listeners, and tells which one a request came in on. */
final class Listeners {
    static final String LOCAL = "local";
    static final String PEER = "peer";

    private Listeners() {}

    static Listener of(Request request) {
        return PEER.equals(request.getConnectionMetaData().getConnector().getName()) ? Listener.PEER : Listener.LOCAL;
    }
}
