package dev.strait.policy.traffic;

import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every service's traffic policy, compiled into an immutable structure that the request path reads
 * without blocking. Build it with {@link #compile} when the routing snapshot is built; share it
 * between threads freely.
 */
public final class CompiledTraffic {
    /** No policy for any service: every call gets the defaults. */
    public static final CompiledTraffic EMPTY = new CompiledTraffic(Map.of());

    private final Map<ServiceName, ServiceTraffic> services;

    private CompiledTraffic(Map<ServiceName, ServiceTraffic> services) {
        this.services = services;
    }

    /**
     * Compiles the policy of every service. Check each with {@link TrafficCheck#problems} first, which
     * also knows the federation's regions.
     *
     * @throws InvalidTrafficPolicyException when a policy has a problem that does not depend on the
     *         regions; the message lists every one
     */
    public static CompiledTraffic compile(Map<ServiceName, TrafficPolicy> policies) {
        Map<ServiceName, ServiceTraffic> services = new HashMap<>();
        List<String> errors = new ArrayList<>();
        policies.forEach((service, policy) -> {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(policy, "policy");
            for (TrafficProblem problem : TrafficCheck.regionFreeProblems(policy)) {
                errors.add("service '" + service + "': " + problem);
            }
            services.put(service, ServiceTraffic.compile(policy));
        });
        if (!errors.isEmpty()) {
            throw new InvalidTrafficPolicyException("traffic policies are not valid: " + String.join("; ", errors));
        }
        return new CompiledTraffic(Map.copyOf(services));
    }

    /** The compiled policy of {@code service}; {@link ServiceTraffic#DEFAULT} when it has none. */
    public ServiceTraffic service(ServiceName service) {
        ServiceTraffic traffic = services.get(service);
        return traffic != null ? traffic : ServiceTraffic.DEFAULT;
    }

    /** The services that have a policy. */
    public Set<ServiceName> services() {
        return services.keySet();
    }
}
