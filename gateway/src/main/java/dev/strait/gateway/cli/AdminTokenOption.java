package dev.strait.gateway.cli;

import dev.strait.gateway.admin.AdminToken;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --token-file}: the admin token a command sends to a node's admin API (a picocli mixin). */
final class AdminTokenOption {
    @Option(names = "--token-file", paramLabel = "FILE",
            description = "a file (mode 600) holding the admin token to send as a bearer token; without it, the "
                    + AdminTokenSource.ENVIRONMENT_VARIABLE + " environment variable, if set")
    private Path tokenFile;

    /** The token the command line or the environment gives, if any. */
    Optional<AdminToken> token() throws AdminTokenException {
        return AdminTokenSource.find(tokenFile, System.getenv());
    }
}
