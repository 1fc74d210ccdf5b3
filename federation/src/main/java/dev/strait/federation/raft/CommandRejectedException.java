package dev.strait.federation.raft;

/**
 * A write refused because the command does not fit the region's state, with the reason a person
 * can act on (the admin API answers it with a 4xx). Nothing changed.
 */
public final class CommandRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Marks the reason inside Ratis's exception text when the leader refuses a forwarded write. */
    static final String MARKER = "command rejected: ";

    private final String reason;

    public CommandRejectedException(String reason) {
        super(MARKER + reason);
        this.reason = reason;
    }

    /** Why the command was refused, and what to do instead. */
    public String reason() {
        return reason;
    }
}
