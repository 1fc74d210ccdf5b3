package dev.strait.gateway.tls;

/** TLS material (PEM files, key stores) that cannot be read or used; the message names the file and the fix. */
public final class TlsMaterialException extends RuntimeException {
    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
