package dev.strait.gateway.drill.scenario;

import dev.strait.policy.config.Position;
import dev.strait.policy.model.FederationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Loads drill scenario files ({@code docs/drills.md}) into {@link Scenario}s, reporting every
 * problem of a file at once as {@code FILE:LINE:COL: element: message}, and checks a loaded
 * scenario against a federation.
 *
 * <p>A loader remembers where the elements of each scenario it loaded came from, so that
 * {@link #validate} reports problems at the scenario's lines; keep the loader for as long as its
 * scenarios are validated. It is safe to share between threads.
 */
public final class ScenarioLoader {
    // Identity, not equality: two files may hold equal scenarios at different lines.
    private final Map<Scenario, SourceMap> sources = Collections.synchronizedMap(new IdentityHashMap<>());

    public ScenarioLoader() {}

    /** The scenario in {@code file}; relative {@code federation} paths are resolved against the file's directory. */
    public Scenario load(Path file) throws ScenarioException {
        Problems problems = new Problems(file);
        try {
            long size = Files.size(file);
            if (size > ScenarioLimits.MAX_BYTES) {
                problems.add(Position.START, "", "the file is " + size + " bytes (expected: at most " + ScenarioLimits.MAX_BYTES
                        + "; a scenario is a few kilobytes)");
                problems.throwIfAny();
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(ScenarioLimits.MAX_BYTES + 1);
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return load(text, file);
        } catch (CharacterCodingException e) {
            problems.add(Position.START, "", "the file is not UTF-8 text (expected: a YAML file in UTF-8)");
        } catch (NoSuchFileException e) {
            problems.add(Position.START, "", "the scenario file does not exist");
        } catch (IOException e) {
            problems.add(Position.START, "", "cannot read the scenario: " + e.getMessage());
        }
        throw problems.exception();
    }

    /**
     * The scenario in {@code yaml}, as if read from {@code source}: problems name it, and a relative
     * {@code federation} path is resolved against its directory.
     */
    public Scenario load(String yaml, Path source) throws ScenarioException {
        Problems problems = new Problems(source);
        if (yaml.length() > ScenarioLimits.MAX_BYTES) {
            problems.add(Position.START, "", "the scenario is " + yaml.length() + " characters (expected: at most "
                    + ScenarioLimits.MAX_BYTES + ")");
            problems.throwIfAny();
        }
        SourceMap map = new SourceMap(source);
        Optional<Node> root = new GuardedYamlReader().read(yaml, problems);
        Optional<ScenarioBinder.Draft> draft = root.flatMap(node -> new ScenarioBinder(source, problems, map).bind(node));
        draft.ifPresent(d -> new ScenarioRules(problems, map).check(d));
        problems.throwIfAny();
        Scenario scenario = draft.flatMap(ScenarioBinder.Draft::scenario)
                .orElseThrow(() -> new IllegalStateException("a scenario without problems did not bind"));
        sources.put(scenario, map);
        return scenario;
    }

    /**
     * The scenario files in {@code directory}, in name order: its {@code .yaml} and {@code .yml}
     * files whose top level is a mapping with the key {@code drill}. A federation config beside
     * them, such as {@code configs/drills/federation.yaml}, is not one.
     */
    public static List<Path> scenariosIn(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        }
        List<Path> scenarios = new ArrayList<>();
        for (Path file : files) {
            if (Files.size(file) <= ScenarioLimits.MAX_BYTES && hasDrillKey(file)) {
                scenarios.add(file);
            }
        }
        return List.copyOf(scenarios);
    }

    private static boolean hasDrillKey(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            return false;
        }
        Optional<Node> root = new GuardedYamlReader().read(text, new Problems(file));
        return root.orElse(null) instanceof MappingNode mapping && mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode key && key.getValue().equals("drill"));
    }

    /**
     * Checks that every service, region and node that {@code scenario} names exists in
     * {@code federation}, and that each load's region can call its service. Problems are reported at
     * the scenario's positions when this loader loaded it, else at line 1 of a file named after it.
     */
    public void validate(Scenario scenario, FederationConfig federation) throws ScenarioException {
        SourceMap map = sources.getOrDefault(scenario, new SourceMap(Path.of(scenario.name() + ".yaml")));
        Problems problems = new Problems(map.file());
        new FederationReferences(federation, problems, map).check(scenario);
        problems.throwIfAny();
    }
}
