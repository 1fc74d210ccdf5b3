package dev.strait.gateway.drill.run;

import dev.strait.gateway.drill.load.LoadTarget;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.drill.scenario.LoadSpec;
import java.time.Duration;

/**
 * What a drill acts on: a federation started in this process ({@link LocalDrill}) or one that runs
 * elsewhere and is reached through its admin APIs ({@link AdminDrill}). {@link DrillSession} runs
 * the same drill on either.
 */
interface DrillFederation {
    /** Where the calls of {@code spec} go: a local listener of its {@code from} region. */
    LoadTarget target(LoadSpec spec) throws DrillRunException;

    /**
     * Applies {@code fault} of step {@code stepId}, planned to last {@code lasting}, and returns
     * what undoes it. Called from the drill's one timeline thread only.
     */
    Undo apply(String stepId, DrillFault fault, Duration lasting) throws Exception;

    /** The admin API of each region. */
    AdminCalls admin();
}
