package dev.strait.gateway.pipeline;

import java.util.List;

/**
 * Told of every call once it ended, on the call's thread: metrics and access logs. It must not
 * block or throw; slow work (writing a log file) goes to a queue of its own.
 */
@FunctionalInterface
public interface CallObserver {
    /** Observes nothing. */
    CallObserver NONE = outcome -> {};

    void completed(CallOutcome outcome);

    /** Each of {@code observers}, in order. */
    static CallObserver all(List<CallObserver> observers) {
        List<CallObserver> copy = List.copyOf(observers);
        return outcome -> {
            for (CallObserver observer : copy) {
                observer.completed(outcome);
            }
        };
    }
}
