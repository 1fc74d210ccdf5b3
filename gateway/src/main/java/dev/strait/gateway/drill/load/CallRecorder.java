package dev.strait.gateway.drill.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Collects the calls of every load of a drill; safe to record into from any thread. */
public final class CallRecorder {
    private static final Comparator<CallResult> BY_START =
            Comparator.comparingLong(CallResult::startNanos).thenComparing(CallResult::load);

    private final ConcurrentLinkedQueue<CallResult> results = new ConcurrentLinkedQueue<>();

    public void record(CallResult result) {
        results.add(result);
    }

    /** The calls recorded so far, in the order they were due. */
    public List<CallResult> results() {
        List<CallResult> copy = new ArrayList<>(results);
        copy.sort(BY_START);
        return List.copyOf(copy);
    }
}
