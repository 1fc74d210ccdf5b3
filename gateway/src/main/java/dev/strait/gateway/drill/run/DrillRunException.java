package dev.strait.gateway.drill.run;

/** A drill could not run as its scenario asks: the federation did not come up, or a fault could not be applied. */
public final class DrillRunException extends Exception {
    private static final long serialVersionUID = 1L;

    DrillRunException(String message) {
        super(message);
    }

    DrillRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
