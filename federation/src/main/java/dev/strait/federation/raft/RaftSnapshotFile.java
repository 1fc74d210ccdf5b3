package dev.strait.federation.raft;

import dev.strait.federation.catalog.RegionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of one raft snapshot file: a header line with the format, the applied term and
 * index and a SHA-256 of the body, then the encoded {@link RegionState}. The checksum travels
 * inside the file because a snapshot installed from the leader may arrive without Ratis's MD5
 * side file; a torn or altered file is refused instead of loaded.
 */
final class RaftSnapshotFile {
    private static final Pattern HEADER = Pattern.compile("strait-raft-snapshot v1 term=(\\d+) index=(\\d+) sha256=([0-9a-f]{64})");

    private RaftSnapshotFile() {}

    /** Writes {@code state} to {@code file} atomically (a temporary file, then a rename). */
    static void write(Path file, RegionState state) throws IOException {
        byte[] body = RegionStateCodec.encodeState(state);
        String header = "strait-raft-snapshot v1 term=" + state.appliedTerm() + " index=" + state.appliedIndex()
                + " sha256=" + sha256(body) + "\n";
        Path temporary = file.resolveSibling(file.getFileName() + ".writing");
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        byte[] content = Arrays.copyOf(headerBytes, headerBytes.length + body.length);
        System.arraycopy(body, 0, content, headerBytes.length, body.length);
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads and verifies a raft snapshot file; the state it holds is at the term and index of its header. */
    static RegionState read(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int newline = indexOf(content, (byte) '\n');
        if (newline < 0) {
            throw new IOException("raft snapshot " + file + " has no header line (is it a Strait raft snapshot?)");
        }
        String header = new String(content, 0, newline, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new IOException("raft snapshot " + file + " has an unknown header '" + header
                    + "' (expected: strait-raft-snapshot v1 term=... index=... sha256=...)");
        }
        byte[] body = Arrays.copyOfRange(content, newline + 1, content.length);
        if (!sha256(body).equals(m.group(3))) {
            throw new IOException("raft snapshot " + file + " is corrupt: its SHA-256 does not match its header "
                    + "(delete it so the node catches up from the log or the leader)");
        }
        RegionState state;
        try {
            state = RegionStateCodec.decodeState(body);
        } catch (CodecException e) {
            throw new IOException("raft snapshot " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (state.appliedTerm() != Long.parseLong(m.group(1)) || state.appliedIndex() != Long.parseLong(m.group(2))) {
            throw new IOException("raft snapshot " + file + " holds state at " + state.appliedTerm() + "/"
                    + state.appliedIndex() + " but its header says " + m.group(1) + "/" + m.group(2));
        }
        return state;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
