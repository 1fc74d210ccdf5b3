package dev.strait.federation.raft;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * Futures that complete once the local state machine has applied a given log index, so a write
 * returns only when a read on the same node would see it.
 */
final class AppliedIndexWaiters {
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> waiting = new ConcurrentSkipListMap<>();
    private final LongSupplier appliedIndex;

    AppliedIndexWaiters(LongSupplier appliedIndex) {
        this.appliedIndex = appliedIndex;
    }

    /** Completes when {@code index} has been applied locally (at once if it already has). */
    CompletableFuture<Void> await(long index) {
        CompletableFuture<Void> future = waiting.computeIfAbsent(index, i -> new CompletableFuture<>());
        // Re-check after registering: the apply thread may have passed the index in between.
        if (appliedIndex.getAsLong() >= index) {
            future.complete(null);
            waiting.remove(index, future);
        }
        return future;
    }

    /** Called on the apply thread after the applied index advanced. */
    void advanced() {
        long applied = appliedIndex.getAsLong();
        Map<Long, CompletableFuture<Void>> reached = waiting.headMap(applied, true);
        reached.forEach((index, future) -> {
            future.complete(null);
            waiting.remove(index, future);
        });
    }
}
