package dev.strait.gateway.admin;

/** The admin HTTP API of a node, independent of the server that carries it. */
@FunctionalInterface
public interface AdminApi {
    AdminReply handle(String method, String path);
}
