package dev.strait.gateway.tracing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** A generator that returns the longs it was given, in order, so ids in a test are known. */
final class ScriptedRandom implements RandomGenerator {
    private final Deque<Long> values = new ArrayDeque<>();

    ScriptedRandom(long... values) {
        for (long value : values) {
            this.values.add(value);
        }
    }

    @Override
    public long nextLong() {
        Long next = values.poll();
        if (next == null) {
            throw new IllegalStateException("the test drew more random numbers than it scripted");
        }
        return next;
    }
}
