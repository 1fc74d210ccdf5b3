package dev.strait.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strait.gateway.admin.AdminToken;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where {@code strait run --admin-token-file} and {@code --token-file} find the token, and which files they refuse. */
class AdminTokenSourceTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {SECRET, SECRET + "\n", "  " + SECRET + "\r\n\n", "\t" + SECRET})
    void theFileHoldsTheTokenWithoutSurroundingWhitespace(String content) throws Exception {
        Path file = ownerOnly("token", content);

        assertThat(AdminTokenSource.read(file).value()).isEqualTo(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "   \n\t"})
    void anEmptyFileIsRefused(String content) throws Exception {
        Path file = ownerOnly("token", content);

        assertThatThrownBy(() -> AdminTokenSource.read(file))
                .isInstanceOf(AdminTokenException.class)
                .hasMessageStartingWith("admin token file " + file + " is empty");
    }

    @ParameterizedTest
    @CsvSource({"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"})
    void aFileOthersMayReadOrWriteIsRefused(String mode) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path file = Files.writeString(directory.resolve("token"), SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));

        assertThatThrownBy(() -> AdminTokenSource.read(file))
                .isInstanceOf(AdminTokenException.class)
                .hasMessage("admin token file " + file + " can be read or written by users other than its owner (mode " + mode
                        + ") (expected: chmod 600 " + file + ")");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = directory.resolve("nowhere");

        assertThatThrownBy(() -> AdminTokenSource.read(file)).hasMessage("admin token file " + file + " does not exist");
    }

    @Test
    void aTokenWithSpacesInsideIsRefusedWithoutShowingIt() throws Exception {
        Path file = ownerOnly("token", "two words");

        assertThatThrownBy(() -> AdminTokenSource.read(file))
                .hasMessageContaining("admin token file " + file + ": the admin token has a space")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("two words"));
    }

    @Test
    void theFileWinsOverTheEnvironment() throws Exception {
        Path file = ownerOnly("token", SECRET);

        assertThat(AdminTokenSource.find(file, Map.of("STRAIT_ADMIN_TOKEN", "from-environment")))
                .map(AdminToken::value).contains(SECRET);
    }

    @Test
    void withoutAFileTheEnvironmentGivesTheToken() throws Exception {
        assertThat(AdminTokenSource.find(null, Map.of("STRAIT_ADMIN_TOKEN", " from-environment\n")))
                .map(AdminToken::value).contains("from-environment");
        assertThat(AdminTokenSource.find(null, Map.of())).isEqualTo(Optional.empty());
    }

    @Test
    void anEmptyEnvironmentVariableIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> AdminTokenSource.find(null, Map.of("STRAIT_ADMIN_TOKEN", "  ")))
                .hasMessageStartingWith("STRAIT_ADMIN_TOKEN is set but empty");
    }

    private Path ownerOnly(String name, String content) throws Exception {
        Path file = Files.writeString(directory.resolve(name), content);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return file;
    }
}
