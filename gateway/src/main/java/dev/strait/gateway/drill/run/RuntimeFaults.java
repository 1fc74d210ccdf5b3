package dev.strait.gateway.drill.run;

import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The faults a drill injects as runtime faults through the admin API ({@code PUT /v1/faults/{id}},
 * replicated through Raft), the same way whether the federation runs in this process or elsewhere:
 * latency and errors on a service, latency and errors on the calls one region sends another, and a
 * partition between two regions (a link fault held by each of them, so each side cuts the link
 * even if the other side's write fails). Each fault lives a little longer than its planned undo,
 * so it ends even if the drill dies, but never before the undo.
 */
final class RuntimeFaults {
    // A fault outlives its planned undo by this much.
    private static final Duration TTL_MARGIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminCalls admin;

    RuntimeFaults(AdminCalls admin) {
        this.admin = admin;
    }

    /** Whether {@code fault} is one this class injects. */
    static boolean handles(DrillFault fault) {
        return fault instanceof DrillFault.Latency || fault instanceof DrillFault.Errors || fault instanceof DrillFault.Partition;
    }

    /** Applies {@code fault} (one {@link #handles} accepts) of step {@code stepId}; returns what removes it. */
    Undo apply(String stepId, DrillFault fault, Duration lasting) throws DrillRunException, InterruptedException {
        String id = "drill-" + stepId;
        String ttl = lasting.plus(TTL_MARGIN).toSeconds() + 1 + "s";
        return switch (fault) {
            case DrillFault.Latency f -> put(id, f.target(), ttl, body -> body.putObject("delay")
                    .put("ms", Math.max(1, f.delay().toMillis())).put("percent", f.percent()));
            case DrillFault.Errors f -> put(id, f.target(), ttl, body -> body.putObject("abort")
                    .put("status", f.status()).put("percent", f.percent()));
            case DrillFault.Partition f -> {
                for (List<RegionName> pair : List.of(List.of(f.a(), f.b()), List.of(f.b(), f.a()))) {
                    admin.putFault(pair.get(0), id, JSON.createObjectNode().put("region", pair.get(1).value())
                            .put("partition", true).put("ttl", ttl));
                }
                yield () -> {
                    admin.deleteFault(f.a(), id);
                    admin.deleteFault(f.b(), id);
                };
            }
            default -> throw new IllegalArgumentException("not a runtime fault: " + fault);
        };
    }

    private Undo put(String id, DrillFault.Target target, String ttl, Consumer<ObjectNode> effect)
            throws DrillRunException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        // A service fault is held by the region that serves the service; a fault between regions by
        // the region whose calls it affects.
        RegionName holder = switch (target) {
            case DrillFault.Target.Service s -> {
                body.put("service", s.service().value());
                yield s.region();
            }
            case DrillFault.Target.Between b -> {
                body.put("region", b.to().value());
                yield b.from();
            }
        };
        effect.accept(body);
        body.put("ttl", ttl);
        admin.putFault(holder, id, body);
        return () -> admin.deleteFault(holder, id);
    }
}
