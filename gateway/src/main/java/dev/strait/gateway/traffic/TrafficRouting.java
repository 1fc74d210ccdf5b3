package dev.strait.gateway.traffic;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.RequestHeaders;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.traffic.Destination;
import dev.strait.policy.traffic.SelectedRoute;
import dev.strait.policy.traffic.ServiceTraffic;
import dev.strait.policy.traffic.Subset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Matches the call against its service's traffic routes and applies the matched route's split.
 * It runs after authorization, where the region that serves the service decides; a call this
 * region only passes on to another gets the defaults, and the serving region's gateway applies
 * that service's rules when the call arrives there.
 *
 * <p>A split picks one destination per call by weight. A subset narrows this region's endpoints
 * to those whose metadata it selects (when none of them is routable, the call goes on to the
 * next region in failover order, as any call does); a region puts that region first and keeps
 * the others behind it as fallbacks. A call from a peer gateway, or one pinned to this region,
 * may not leave the region, so only the split's subsets are picked from, by their weights.
 */
public final class TrafficRouting implements Filter {
    private final Supplier<RandomGenerator> random;

    /** Splits by a per-thread random source. */
    public TrafficRouting() {
        this(ThreadLocalRandom::current);
    }

    /** @param random the source of the split rolls, read on the calling thread */
    public TrafficRouting(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        if (!exchange.servedByThisRegion()) {
            exchange.trafficRoute(ServiceTraffic.DEFAULT.defaultRoute());
            chain.proceed(exchange);
            return;
        }
        RequestHead request = exchange.clientToGatewayRequest();
        Resolution.Routed route = exchange.route();
        ServiceTraffic traffic = exchange.snapshot().traffic().service(route.service());
        SelectedRoute selected = traffic.select(request.method(), request.path(), new RequestHeaders(request.headers()));
        exchange.trafficRoute(selected);
        if (selected.hasSplit()) {
            exchange.route(split(exchange.listener() == Listener.LOCAL && !route.pinned(), traffic, selected, route));
        }
        chain.proceed(exchange);
    }

    private Resolution.Routed split(boolean mayLeaveRegion, ServiceTraffic traffic, SelectedRoute selected,
            Resolution.Routed route) {
        double roll = random.get().nextDouble();
        Optional<? extends Destination> destination = mayLeaveRegion ? selected.pick(roll) : selected.pickSubset(roll);
        if (destination.isEmpty()) {
            return route;
        }
        List<Candidate> candidates = switch (destination.get()) {
            case Destination.ToSubset toSubset -> narrowedTo(subset(traffic, toSubset.subset()), route.candidates());
            case Destination.ToRegion toRegion -> regionFirst(toRegion, route.candidates());
        };
        return new Resolution.Routed(route.service(), route.pinned(), candidates);
    }

    private static Subset subset(ServiceTraffic traffic, String name) {
        for (Subset subset : traffic.subsets()) {
            if (subset.name().equals(name)) {
                return subset;
            }
        }
        // The config check refuses a split naming an undefined subset; reaching this is a bug.
        throw new IllegalStateException("no subset '" + name + "'");
    }

    /** This region's endpoints narrowed to the subset; other regions' candidates stay as they are. */
    private static List<Candidate> narrowedTo(Subset subset, List<Candidate> candidates) {
        List<Candidate> narrowed = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            if (candidate instanceof Candidate.LocalEndpoints local) {
                List<EndpointConfig> selected = local.endpoints().stream().filter(e -> subset.selects(e.metadata())).toList();
                if (!selected.isEmpty()) {
                    narrowed.add(new Candidate.LocalEndpoints(local.region(), local.service(), local.protocol(),
                            local.upstreamTls(), selected));
                }
            } else {
                narrowed.add(candidate);
            }
        }
        return narrowed;
    }

    /** The region's candidate first, when it is one (it reports healthy endpoints), then the rest in order. */
    private static List<Candidate> regionFirst(Destination.ToRegion destination, List<Candidate> candidates) {
        List<Candidate> reordered = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            if (candidate.region().equals(destination.region())) {
                reordered.addFirst(candidate);
            } else {
                reordered.add(candidate);
            }
        }
        return reordered;
    }
}
