package dev.strait.gateway.cli;

import dev.strait.gateway.admin.AdminToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@code strait} finds the admin token, on the node ({@code strait run --admin-token-file})
 * and on the client ({@code --token-file}) alike: the file named on the command line, else the
 * {@value #ENVIRONMENT_VARIABLE} environment variable. Never a flag with the token itself, which
 * every user of the machine could read in the process list.
 */
final class AdminTokenSource {
    static final String ENVIRONMENT_VARIABLE = "STRAIT_ADMIN_TOKEN";

    /** A token is a line of text; a larger file is the wrong file. */
    private static final long MAX_FILE_BYTES = 4096;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private AdminTokenSource() {}

    /**
     * The token from {@code file} when one was named (may be {@code null}), else from
     * {@code environment}; empty when neither gives one.
     */
    static Optional<AdminToken> find(Path file, Map<String, String> environment) throws AdminTokenException {
        if (file != null) {
            return Optional.of(read(file));
        }
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(token(value.strip(), ENVIRONMENT_VARIABLE + " is set but empty (expected: the admin token, or the "
                + "variable unset)", ENVIRONMENT_VARIABLE));
    }

    /** The token in {@code file}, its content without surrounding whitespace; refused when others may read the file. */
    static AdminToken read(Path file) throws AdminTokenException {
        try {
            Set<PosixFilePermission> shared = sharedWithOthers(file);
            if (!shared.isEmpty()) {
                throw new AdminTokenException("admin token file " + file + " can be read or written by users other than its owner (mode "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + ") (expected: chmod 600 " + file + ")");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new AdminTokenException("admin token file " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes (expected: a file holding only the token)");
            }
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            return token(content, "admin token file " + file + " is empty (expected: the token, for example from "
                    + "'openssl rand -hex 32 > " + file + "; chmod 600 " + file + "')", "admin token file " + file);
        } catch (NoSuchFileException e) {
            throw new AdminTokenException("admin token file " + file + " does not exist");
        } catch (IOException e) {
            throw new AdminTokenException("cannot read admin token file " + file + ": " + e.getMessage());
        }
    }

    /** The group and other permissions of {@code file}; none on file systems without POSIX permissions. */
    private static Set<PosixFilePermission> sharedWithOthers(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
            return Set.of();
        }
        Set<PosixFilePermission> shared = EnumSet.noneOf(PosixFilePermission.class);
        shared.addAll(Files.getPosixFilePermissions(file));
        shared.retainAll(OTHERS);
        return shared;
    }

    private static AdminToken token(String value, String whenEmpty, String source) throws AdminTokenException {
        if (value.isEmpty()) {
            throw new AdminTokenException(whenEmpty);
        }
        try {
            return new AdminToken(value);
        } catch (IllegalArgumentException e) {
            throw new AdminTokenException(source + ": " + e.getMessage());
        }
    }
}
