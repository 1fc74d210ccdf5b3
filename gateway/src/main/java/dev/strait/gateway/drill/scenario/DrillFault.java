package dev.strait.gateway.drill.scenario;

import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;

/** What a drill breaks. Each has a config spelling, its {@code kind}. */
public sealed interface DrillFault {
    /** Every endpoint of {@code service} in {@code region} stops answering. ({@code fail-endpoints}) */
    record FailEndpoints(ServiceName service, RegionName region) implements DrillFault {}

    /** Every gateway node of {@code region} stops. ({@code fail-region}) */
    record FailRegion(RegionName region) implements DrillFault {}

    /** {@code a} and {@code b} cannot reach each other: federation and data traffic both. ({@code partition}) */
    record Partition(RegionName a, RegionName b) implements DrillFault {}

    /** Calls to {@code target} wait {@code delay} first, {@code percent} of them. ({@code latency}) */
    record Latency(Target target, Duration delay, int percent) implements DrillFault {}

    /** Calls to {@code target} are answered {@code status}, {@code percent} of them. ({@code errors}) */
    record Errors(Target target, int status, int percent) implements DrillFault {}

    /** One gateway node stops. ({@code stop-node}) */
    record StopNode(RegionName region, NodeId node) implements DrillFault {}

    /** Whichever node leads {@code region}'s Raft group when the step starts stops. ({@code stop-leader}) */
    record StopLeader(RegionName region) implements DrillFault {}

    /** A node's certificate is replaced by a new one from the same CA, under load. ({@code rotate-certificate}) */
    record RotateCertificate(RegionName region, NodeId node) implements DrillFault {}

    /** A node's certificate is replaced by one that expires within seconds, in use. ({@code expire-certificate}) */
    record ExpireCertificate(RegionName region, NodeId node) implements DrillFault {}

    /** Where a latency or error fault applies. */
    sealed interface Target {
        /** Calls served by {@code service}'s endpoints in {@code region}. */
        record Service(ServiceName service, RegionName region) implements Target {}

        /** Calls that {@code from}'s gateways carry to {@code to}'s gateways. */
        record Between(RegionName from, RegionName to) implements Target {}
    }
}
