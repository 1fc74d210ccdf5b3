package dev.strait.gateway.admin;

/** A node would expose its admin API unprotected; it refuses to start rather than do so. */
public final class AdminSecurityException extends RuntimeException {
    public AdminSecurityException(String message) {
        super(message);
    }
}
