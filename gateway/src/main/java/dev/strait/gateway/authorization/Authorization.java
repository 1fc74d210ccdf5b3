package dev.strait.gateway.authorization;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.RequestHeaders;
import dev.strait.policy.authz.CallerIdentity;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.authz.Decision;
import dev.strait.policy.authz.HeaderLookup;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the caller may make the call, with the snapshot's compiled authorization, and
 * refuses it with {@code 403 denied} before anything reaches an endpoint. It runs after route
 * selection, since it needs the service the authority names and where it would go.
 *
 * <p>The region that serves a service is the authority for it: a call from a peer gateway is
 * always decided here, and a call on the local listener is decided here when this region serves
 * the service and the call is not pinned to another region.
 *
 * <p>A local call that another region would serve (the service is not served here, or the call is
 * pinned elsewhere) is refused early, here, when every candidate region of the call would deny it
 * by its rules as this region's config has them: while regions differ (a rule rolled out to some of
 * them), the source is never stricter than the destinations. A candidate region whose rules for the
 * service this config does not know leaves the call to the destinations. A call that passes is
 * decided again by the gateway it arrives at, which remains the authority.
 */
public final class Authorization implements Filter {
    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        if (exchange.servedByThisRegion()) {
            decideHere(exchange);
        } else if (exchange.listener() == Listener.LOCAL) {
            refuseEarlyWhenEveryDestinationDenies(exchange);
        }
        chain.proceed(exchange);
    }

    private static void decideHere(Exchange exchange) throws GatewayException {
        RoutingSnapshot snapshot = exchange.snapshot();
        Resolution.Routed route = exchange.route();
        RequestHead request = exchange.clientToGatewayRequest();
        CallerIdentity caller = exchange.caller().identity();
        Decision decision = snapshot.authorization().decide(route.service(), snapshot.region(), caller,
                request.method(), request.path(), new RequestHeaders(request.headers()));
        if (decision instanceof Decision.Denied denied) {
            throw new GatewayException(GatewayError.DENIED, denial(snapshot.region(), caller, route.service(), denied));
        }
    }

    private static void refuseEarlyWhenEveryDestinationDenies(Exchange exchange) throws GatewayException {
        RoutingSnapshot snapshot = exchange.snapshot();
        Resolution.Routed route = exchange.route();
        if (route.candidates().isEmpty()) {
            // Nowhere to go: the call fails as no_healthy_upstream, and no region has denied it.
            return;
        }
        RequestHead request = exchange.clientToGatewayRequest();
        CallerIdentity caller = exchange.caller().identity();
        HeaderLookup headers = new ForwardedHeaders(request.headers(), exchange.caller().sourceHeader());
        List<String> denials = new ArrayList<>(route.candidates().size());
        for (Candidate candidate : route.candidates()) {
            RegionName region = candidate.region();
            Optional<CompiledAuthorization> rules = snapshot.authorizationOf(region);
            if (rules.isEmpty() || !rules.get().services().contains(route.service())) {
                // This config does not know the service there (a newer config may): that region decides.
                return;
            }
            Decision decision = rules.get().decide(route.service(), region, caller, request.method(), request.path(), headers);
            if (!(decision instanceof Decision.Denied denied)) {
                return;
            }
            denials.add(denial(region, caller, route.service(), denied));
        }
        throw new GatewayException(GatewayError.DENIED, "region '" + snapshot.region() + "' refuses the call early,"
                + " since every region that would serve it denies it: " + String.join("; ", denials));
    }

    /** What a denial says: the deciding region, the caller, the service and the rule or default that refused it. */
    private static String denial(RegionName region, CallerIdentity caller, ServiceName service, Decision.Denied denied) {
        return "region '" + region + "' denies " + caller + " calling service '" + service + "': " + denied.reason();
    }
}
