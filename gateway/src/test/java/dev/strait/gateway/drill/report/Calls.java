package dev.strait.gateway.drill.report;

import dev.strait.gateway.drill.load.CallResult;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.drill.scenario.Expectation;
import dev.strait.gateway.drill.scenario.LoadSpec;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.TimelineStep;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/** Synthetic drills: a 20 s scenario with an outage from 5 s to 10 s, and calls every 10 ms. */
final class Calls {
    static final RegionName US_EAST = RegionName.of("us-east");
    static final RegionName EU_WEST = RegionName.of("eu-west");
    static final long MS = 1_000_000L;

    private Calls() {}

    static Scenario scenario(List<Expectation> expectations) {
        var load = new LoadSpec("payments", ServiceName.of("payments"), US_EAST, 100, 64, Optional.empty(),
                new LoadSpec.Request.Http("GET", "/drill", 0));
        var outage = new TimelineStep("outage", Duration.ofSeconds(5), Optional.of(Duration.ofSeconds(5)),
                new DrillFault.FailEndpoints(ServiceName.of("payments"), EU_WEST));
        return new Scenario("region-outage", "payments in eu-west fails <and comes back> & \"more\"", Optional.empty(),
                Duration.ofSeconds(20), List.of(load), List.of(outage), expectations);
    }

    /** One call every 10 ms for 20 s, shaped by {@code call(offsetMillis)}. */
    static List<CallResult> every10ms(LongFunction<CallResult> call) {
        List<CallResult> calls = new ArrayList<>();
        for (long ms = 0; ms < 20_000; ms += 10) {
            calls.add(call.apply(ms));
        }
        return calls;
    }

    static CallResult ok(long ms, RegionName region, long latencyMs) {
        return new CallResult("payments", ms * MS, latencyMs * MS, new CallResult.Outcome.Http(200), Optional.of(region), Optional.empty());
    }

    static CallResult error(long ms) {
        return new CallResult("payments", ms * MS, 5 * MS, new CallResult.Outcome.Http(503), Optional.empty(), Optional.of("no_healthy_upstream"));
    }

    /** Served by eu-west, except from {@code movedAt} to {@code returnedAt} (by us-east), failing from 5 s until {@code movedAt}. */
    static List<CallResult> failover(long movedAt, long returnedAt) {
        return every10ms(ms -> {
            if (ms < 5_000 || ms >= returnedAt) {
                return ok(ms, EU_WEST, 20);
            }
            return ms < movedAt ? error(ms) : ok(ms, US_EAST, 80);
        });
    }
}
