package dev.strait.gateway.faults;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Applies the region's faults on the link to another region to one attempt to forward a call to a
 * gateway there, using the faults that have not expired (by the wall clock, checked per attempt): a
 * partition fails the attempt as if the network were cut; otherwise, for each fault in id order,
 * it waits the fault's delay with the delay's probability, then aborts with the abort's probability. The
 * caller (upstream forwarding) decides what a partition and an abort mean for the call.
 */
public final class LinkFaultInjection {
    private final LongSupplier wallClockMillis;
    private final Supplier<RandomGenerator> random;
    private final FaultInjection.Pause pause;

    /** What the link faults do to one attempt. */
    public sealed interface Effect {
        /** Nothing (any delay was already waited): send the attempt. */
        Effect PROCEED = new Proceed();

        /** Send the attempt. */
        record Proceed() implements Effect {}

        /** The link is cut by {@code fault}: send nothing, as when the gateway cannot be connected to. */
        record Partitioned(LinkFault fault) implements Effect {
            public Partitioned {
                Objects.requireNonNull(fault, "fault");
            }
        }

        /** {@code fault} aborts the attempt: send nothing, answer with the fault's status. */
        record Aborted(LinkFault fault) implements Effect {
            public Aborted {
                Objects.requireNonNull(fault, "fault");
                if (fault.abort().isEmpty()) {
                    throw new IllegalArgumentException("fault '" + fault.id() + "' has no abort (expected: a fault with an abort)");
                }
            }

            public int status() {
                return fault.abort().get().status();
            }
        }
    }

    /** Link faults by the system clock, a per-thread random source, and {@link Thread#sleep(java.time.Duration)}. */
    public LinkFaultInjection() {
        this(System::currentTimeMillis, ThreadLocalRandom::current, Thread::sleep);
    }

    /**
     * @param wallClockMillis the time faults expire by (epoch milliseconds)
     * @param random          the source of the probability rolls, read on the calling thread
     * @param pause           how an injected delay is waited
     */
    public LinkFaultInjection(LongSupplier wallClockMillis, Supplier<RandomGenerator> random, FaultInjection.Pause pause) {
        this.wallClockMillis = wallClockMillis;
        this.random = random;
        this.pause = pause;
    }

    /** What the faults on the link to {@code peer} do to an attempt to forward a call there; waits any delay first. */
    public Effect beforeForwarding(RoutingSnapshot snapshot, RegionName peer) throws GatewayException {
        List<LinkFault> faults = snapshot.activeLinkFaults(peer, wallClockMillis.getAsLong());
        if (faults.isEmpty()) {
            return Effect.PROCEED;
        }
        for (LinkFault fault : faults) {
            // A cut link passes nothing, whatever else is set on it.
            if (fault.partition()) {
                return new Effect.Partitioned(fault);
            }
        }
        RandomGenerator rolls = random.get();
        for (LinkFault fault : faults) {
            if (fault.delay().isPresent() && FaultEffects.hits(rolls, fault.delay().get().percent())) {
                FaultEffects.delay(pause, fault.id(), fault.delay().get().duration());
            }
            if (fault.abort().isPresent() && FaultEffects.hits(rolls, fault.abort().get().percent())) {
                return new Effect.Aborted(fault);
            }
        }
        return Effect.PROCEED;
    }
}
