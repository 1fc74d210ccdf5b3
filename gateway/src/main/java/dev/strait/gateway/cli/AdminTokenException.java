package dev.strait.gateway.cli;

/** The admin token cannot be read from where the command line says it is; the message never holds the token. */
final class AdminTokenException extends Exception {
    AdminTokenException(String message) {
        super(message);
    }
}
