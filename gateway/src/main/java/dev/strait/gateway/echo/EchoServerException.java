package dev.strait.gateway.echo;

/** An echo server that cannot start, e.g. because its port is taken. */
public final class EchoServerException extends RuntimeException {
    public EchoServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
