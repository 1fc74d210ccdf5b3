package dev.strait.federation.raft;

/**
 * A Raft log entry, query reply or raft snapshot that this version of Strait cannot read: an
 * unknown format version or command type, a missing or malformed field. It names what was wrong
 * so a mixed-version region can be diagnosed.
 */
final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CodecException(String message) {
        super(message);
    }

    CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
