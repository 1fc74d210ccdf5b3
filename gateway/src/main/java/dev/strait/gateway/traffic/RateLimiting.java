package dev.strait.gateway.traffic;

import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.policy.traffic.RateLimit;
import dev.strait.policy.traffic.SelectedRoute;
import java.time.Duration;
import java.util.Optional;

/**
 * Applies the matched route's local rate limit: one token bucket per caller and route on this
 * gateway node ({@link RateLimiter}). A call over the limit is answered {@code 429 rate_limited}
 * with {@code retry-after}, and reaches no endpoint. Like authorization, it applies where the
 * region serves the call.
 */
public final class RateLimiting implements Filter {
    private final RateLimiter limiter;

    public RateLimiting(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        SelectedRoute route = exchange.trafficRoute();
        Optional<RateLimit> limit = route.settings().rateLimit();
        if (limit.isPresent() && exchange.servedByThisRegion()) {
            Caller caller = exchange.caller();
            long waitNanos = limiter.acquire(exchange.route().service(), route.index(), callerKey(caller), limit.get());
            if (waitNanos > 0) {
                throw new GatewayException(GatewayError.RATE_LIMITED, caller.identity() + " is over the rate limit of "
                        + limit.get().requestsPerSecond() + " calls/s (burst " + limit.get().burst() + ") of route '"
                        + route.name() + "' of service '" + exchange.route().service() + "'", Duration.ofNanos(waitNanos));
            }
        }
        chain.proceed(exchange);
    }

    private static String callerKey(Caller caller) {
        return switch (caller) {
            case Caller.Authenticated authenticated -> authenticated.id().uri();
            case Caller.Anonymous anonymous -> "anonymous@" + anonymous.region().value();
        };
    }
}
