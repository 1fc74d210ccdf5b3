package dev.strait.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code strait validate}: every broken example in {@code configs/invalid/} is refused with exit 1
 * and exactly the {@code FILE:LINE:COL: element: message} lines its {@code # expect:} comments name;
 * every good example is reported valid with exit 0.
 */
class ValidateCommandTest {
    private static final String EXPECT = "# expect: ";
    private static final String CHECK_FILES = "# options: check-files";

    static List<Path> invalidConfigs() {
        return CommandRun.yamlFilesIn("invalid");
    }

    static List<Path> validConfigs() {
        return Stream.concat(Stream.of(CommandRun.repositoryRoot().resolve("configs/demo.yaml")),
                CommandRun.yamlFilesIn("examples").stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void reportsEveryExpectedProblemAsFileLineColumn(Path file) throws IOException {
        List<String> header = Files.readAllLines(file).stream().takeWhile(line -> line.startsWith("#")).toList();
        List<String> expected = header.stream()
                .filter(line -> line.startsWith(EXPECT))
                .map(line -> file + ":" + line.substring(EXPECT.length()).replace("{dir}", file.getParent().toString()))
                .toList();
        assertThat(expected).as("%s names at least one expected problem", file.getFileName()).isNotEmpty();

        CommandRun run = header.contains(CHECK_FILES)
                ? CommandRun.of("validate", file.toString())
                : CommandRun.of("validate", "--no-file-checks", file.toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isEqualTo(1);
        assertThat(run.out()).doesNotContain(": valid");
        assertThat(run.errLines()).containsAll(expected);
        assertThat(run.errLines()).allSatisfy(line -> assertThat(line).startsWith(file + ":"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validConfigs")
    void reportsAGoodConfigValid(Path file) {
        CommandRun run = CommandRun.of("validate", "--no-file-checks", file.toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.out()).isEqualToIgnoringNewLines(file + ": valid");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void reportsOnlyTheBrokenFileAmongSeveral() {
        Path demo = CommandRun.repositoryRoot().resolve("configs/demo.yaml");
        Path broken = CommandRun.repositoryRoot().resolve("configs/invalid/unknown-key.yaml");
        List<Path> examples = CommandRun.yamlFilesIn("examples");

        List<String> args = new ArrayList<>(List.of("validate", "--no-file-checks", demo.toString(), broken.toString()));
        examples.forEach(file -> args.add(file.toString()));

        CommandRun run = CommandRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactlyElementsOf(Stream.concat(Stream.of(demo), examples.stream())
                .map(file -> file + ": valid").toList());
        assertThat(run.errLines()).containsExactly(broken
                + ":11:9: regions.us-east.nodes.gw-1.adminhost: unknown key 'adminhost' (did you mean 'adminHost'?)");
    }

    @Test
    void reportsAMissingFileClearly(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-config.yaml");

        CommandRun run = CommandRun.of("validate", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).singleElement().asString()
                .startsWith(missing + ":")
                .contains("no such file");
    }

    @Test
    void withoutFilesIsAUsageError() {
        CommandRun run = CommandRun.of("validate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter").contains("Usage:");
    }

    @Test
    void withoutACommandIsAUsageError() {
        assertThat(CommandRun.of().exitCode()).isEqualTo(2);
    }
}
