package dev.strait.gateway.drill.scenario;

import java.nio.file.Path;

/** Shared checks of the scenario tests. */
final class ScenarioLoaderTestSupport {
    private ScenarioLoaderTestSupport() {}

    /** Whether the loader refuses {@code yaml}. */
    static boolean refused(String yaml) {
        try {
            new ScenarioLoader().load(yaml, Path.of("drill.yaml"));
            return false;
        } catch (ScenarioException e) {
            return true;
        }
    }
}
