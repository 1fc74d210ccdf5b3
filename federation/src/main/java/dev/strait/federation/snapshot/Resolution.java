package dev.strait.federation.snapshot;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.List;

/** What a routing snapshot says about one request's authority. */
public sealed interface Resolution {
    /** The authority names a service; {@code candidates} is ordered, first is preferred. */
    record Routed(ServiceName service, boolean pinned, List<Candidate> candidates) implements Resolution {
        public Routed {
            candidates = List.copyOf(candidates);
        }
    }

    /** The authority is not a mesh name, or names a service the caller cannot see. */
    record UnknownService(String authority, String reason) implements Resolution {}

    /** The service exists here but is not exported to the calling region. */
    record NotExported(ServiceName service, RegionName callerRegion) implements Resolution {}
}
