package dev.strait.gateway.echo;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * The size and SHA-256 of a request body, computed while it streams in, so a body of any size
 * costs one small buffer.
 *
 * @param bytes  how many bytes the body had
 * @param sha256 the lower-case hex SHA-256 of those bytes
 */
record BodyDigest(long bytes, String sha256) {
    private static final int BUFFER_BYTES = 16 * 1024;

    static BodyDigest read(Request request) throws IOException {
        MessageDigest digest = newSha256();
        long total = 0;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Content.Source.asInputStream(request)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                total += n;
            }
        }
        return new BodyDigest(total, HexFormat.of().formatHex(digest.digest()));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every JDK must provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
