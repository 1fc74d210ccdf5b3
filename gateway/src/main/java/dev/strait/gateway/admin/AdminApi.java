package dev.strait.gateway.admin;

/** The admin HTTP API of a node, independent of the server that carries it. */
@FunctionalInterface
public interface AdminApi {
    /** The largest request body the admin API reads (a federation config fits many times over). */
    int MAX_BODY_BYTES = 4 * 1024 * 1024;

    AdminReply handle(AdminRequest request);
}
