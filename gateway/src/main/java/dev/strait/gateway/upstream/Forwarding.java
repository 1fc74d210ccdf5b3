package dev.strait.gateway.upstream;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.faults.FaultInjection;
import dev.strait.gateway.faults.LinkFaultInjection;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Filter;
import dev.strait.gateway.pipeline.FilterChain;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.traffic.HeaderEditor;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.RetryRules;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;

/**
 * The last stage: sends the call to its route's candidates in order (the region's own
 * endpoints, then other regions' gateways), one target at a time, and relays the response.
 *
 * <p>A call moves to another target only when its retry rules retry on what happened and that
 * cannot do harm ({@link RetryPolicy}): when the last target never saw it, when a peer gateway
 * refused it because its region has no healthy endpoint, or when it reached the target (reset,
 * timed out, or answered with a status the rules retry on) but is idempotent, and in every case
 * only if the body can be sent again whole. The body is relayed through a bounded retry buffer
 * ({@link ReplayableBody}); a body that outgrew it is never sent elsewhere. Each attempt waits for
 * response headers at most the per-try timeout, the whole call at most the call timeout
 * ({@link HeadersTimeouts}), retries are capped per service by a {@link RetryBudget} and spaced by
 * the rules' backoff, and an endpoint of this region takes the call only within the service's
 * circuit breaker ({@link CircuitBreakers}). The matched traffic route sets rules, timeouts and
 * header edits ({@link CallShape}); {@link Settings} are the defaults.
 *
 * <p>The region's faults on the link to another region apply to each attempt sent to a gateway
 * there ({@link LinkFaultInjection}): a cut link fails the attempt as a connection that cannot be
 * opened does (nothing is sent, so the call moves on to the next region); an abort is an answer
 * with the fault's status, which the call's retry rules treat as they treat that answer from the
 * peer gateway.
 */
public final class Forwarding implements Filter {
    /**
     * How calls are retried and timed unless their traffic route says otherwise; {@link
     * #defaults()} are what docs/data-plane.md describes.
     *
     * @param maxAttempts               targets tried per call at most, the first one included
     * @param retryBufferBytes          how many of a request body's first bytes are kept so the call
     *                                  can be sent again; a longer body cannot be retried once any
     *                                  of it went out
     * @param perTryTimeout             how long one attempt waits for response headers once its
     *                                  request was sent whole; then it is cancelled and counts as a
     *                                  failure of a call that reached the target
     * @param callTimeout               how long all attempts of a call together wait for response
     *                                  headers, from when the request was first sent whole; then
     *                                  the call ends with {@code 504 upstream_timeout}
     * @param budgetWindow              how far back the retry budget counts calls
     * @param budgetRatio               retries allowed per first attempt in the window (0.2 = 20 %)
     * @param budgetMinRetriesPerSecond retries allowed per second of the window whatever the traffic
     */
    public record Settings(int maxAttempts, int retryBufferBytes, Duration perTryTimeout, Duration callTimeout,
            Duration budgetWindow, double budgetRatio, int budgetMinRetriesPerSecond) {
        public Settings {
            Objects.requireNonNull(perTryTimeout, "perTryTimeout");
            Objects.requireNonNull(callTimeout, "callTimeout");
            Objects.requireNonNull(budgetWindow, "budgetWindow");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts " + maxAttempts + " (expected: 1 or more)");
            }
            if (retryBufferBytes < 0) {
                throw new IllegalArgumentException("retryBufferBytes " + retryBufferBytes + " (expected: 0 or more)");
            }
            if (!perTryTimeout.isPositive() || callTimeout.isNegative()) {
                throw new IllegalArgumentException("perTryTimeout " + perTryTimeout + ", callTimeout " + callTimeout
                        + " (expected: a positive per-try timeout, and a call timeout of zero for none or positive)");
            }
        }

        /**
         * 3 attempts, a 64 KiB retry buffer, 5 s per retryable try, no limit per call, retries within
         * 20 % of calls over 10 s plus 10 a second.
         */
        public static Settings defaults() {
            return new Settings(3, 64 * 1024, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(10), 0.2, 10);
        }
    }

    private static final IntPredicate NO_STATUS = status -> false;
    // How long a call with nowhere else to go waits for a gateway that missed its probes to answer one of its own.
    private static final Duration DARK_GATEWAY_RECHECK = Duration.ofSeconds(1);

    private final UpstreamTransports transports;
    private final Settings settings;
    private final LongSupplier nanoTime;
    private final TargetBalancer balancer;
    private final Http2Forwarder http2;
    private final Http1Forwarder http1;
    private final CircuitBreakers breakers = new CircuitBreakers();
    // One budget per service, so a failing service cannot spend the retries of the others.
    private final ConcurrentHashMap<ServiceName, RetryBudget> budgets = new ConcurrentHashMap<>();
    private final Function<ServiceName, RetryBudget> newBudget;
    private final LinkFaultInjection linkFaults;
    private final Map<RegionName, List<HostPort>> remoteGateways;

    /** Forwarding with {@link Settings#defaults()}. */
    public Forwarding(UpstreamTransports transports) {
        this(transports, Settings.defaults());
    }

    public Forwarding(UpstreamTransports transports, Settings settings) {
        this(transports, settings, Map.of());
    }

    /**
     * Forwarding that knows every other region's gateways ({@code remoteGateways}, by region), so
     * that a call with nowhere else to go can check whether gateways that missed their probes
     * answer again (see {@link #reviveDarkRegion}).
     */
    public Forwarding(UpstreamTransports transports, Settings settings, Map<RegionName, List<HostPort>> remoteGateways) {
        this(transports, settings, System::nanoTime, new LinkFaultInjection(), remoteGateways);
    }

    Forwarding(UpstreamTransports transports, Settings settings, LongSupplier nanoTime) {
        this(transports, settings, nanoTime, new LinkFaultInjection());
    }

    Forwarding(UpstreamTransports transports, Settings settings, LongSupplier nanoTime, LinkFaultInjection linkFaults) {
        this(transports, settings, nanoTime, linkFaults, Map.of());
    }

    private Forwarding(UpstreamTransports transports, Settings settings, LongSupplier nanoTime, LinkFaultInjection linkFaults,
            Map<RegionName, List<HostPort>> remoteGateways) {
        this.remoteGateways = Map.copyOf(remoteGateways);
        this.linkFaults = linkFaults;
        this.transports = transports;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.balancer = transports.balancer();
        this.http2 = transports.http2Forwarder();
        this.http1 = transports.http1Forwarder();
        this.newBudget = service -> new RetryBudget(settings.budgetWindow(), settings.budgetRatio(),
                settings.budgetMinRetriesPerSecond(), nanoTime);
    }

    @Override
    public void filter(Exchange exchange, FilterChain chain) throws GatewayException {
        List<Candidate> candidates = exchange.route().candidates();
        if (!candidates.isEmpty()) {
            exchange.record().firstChoice(candidates.getFirst().region());
        }
        try {
            forward(exchange, chain);
        } finally {
            exchange.record().upstreamDone();
        }
    }

    private void forward(Exchange exchange, FilterChain chain) throws GatewayException {
        Resolution.Routed route = exchange.route();
        List<Candidate> candidates = route.candidates();
        String method = exchange.clientToGatewayRequest().method();
        CallShape shape = CallShape.of(exchange.trafficRoute(), settings);
        RetryRules rules = shape.retries();
        RetryBudget budget = budgets.computeIfAbsent(route.service(), newBudget);
        // Nothing is kept for a call that has nowhere else to go.
        ReplayableBody body = new ReplayableBody(exchange.clientToGatewayBody(),
                hasSecondTarget(candidates, shape) ? settings.retryBufferBytes() : 0);
        HeadersTimeouts timeouts = new HeadersTimeouts(transports.scheduler(), shape.perTryTimeout(), shape.callTimeout(), nanoTime,
                () -> shape.perTryEveryTry() || RetryPolicy.mayTryElsewhere(AttemptFailedException.Reach.SENT, method, body.replayable(), rules));
        Set<HostPort> tried = new HashSet<>();
        GatewayException last = null;
        AttemptFailedException.Reach lastReach = null;
        boolean reachedAnUpstream = false;
        int attempts = 0;
        for (int i = 0; i < candidates.size() && attempts < shape.maxAttempts(); i++) {
            Candidate candidate = candidates.get(i);
            List<HostPort> targets = targets(candidate);
            // A region whose every target was just found failing is passed over, unless it is the last hope.
            boolean lastCandidate = i == candidates.size() - 1;
            if (!lastCandidate && (balancer.allEjected(targets) || refusedRecently(route.service(), candidate))) {
                continue;
            }
            Optional<HostPort> target;
            while (attempts < shape.maxAttempts()
                    && (target = pick(targets, tried, lastCandidate, lastReach)).isPresent()) {
                if (attempts == 0) {
                    budget.firstAttempt();
                } else if (timeouts.callExpired()) {
                    throw new GatewayException(GatewayError.UPSTREAM_TIMEOUT, "no response headers within the call's "
                            + shape.callTimeout().toMillis() + " ms; last attempt: " + last.getMessage(), last);
                } else if (!budget.tryRetry()) {
                    // Retries would add more load than the budget allows: the call ends as its last attempt did.
                    throw giveUp(exchange, last, reachedAnUpstream);
                } else {
                    backoff(rules, attempts);
                }
                tried.add(target.get());
                attempts++;
                boolean answerMayBeDropped = attempts < shape.maxAttempts();
                try {
                    attempt(exchange, candidate, target.get(), body, timeouts, shape, answerMayBeDropped);
                    chain.proceed(exchange);
                    return;
                } catch (AttemptFailedException failure) {
                    last = failure.error();
                    lastReach = failure.reach();
                    if (last.error() == GatewayError.UPSTREAM_OVERLOADED) {
                        // Nothing was sent: another endpoint here may have room, but overload never spills into other regions.
                        continue;
                    }
                    reachedAnUpstream |= failure.reach() != AttemptFailedException.Reach.NOT_SENT;
                    if (!RetryPolicy.mayTryElsewhere(failure.reach(), method, body.replayable(), rules)) {
                        throw giveUp(exchange, last, reachedAnUpstream);
                    }
                }
            }
            if (last != null && last.error() == GatewayError.UPSTREAM_OVERLOADED) {
                throw last;
            }
        }
        if (last != null) {
            throw giveUp(exchange, last, reachedAnUpstream);
        }
        GatewayException nowhere = new GatewayException(GatewayError.NO_HEALTHY_UPSTREAM, "no healthy endpoint for '" + route.service() + "'");
        Optional<Candidate.RemoteRegion> revived = reviveDarkRegion(exchange, route);
        if (revived.isEmpty()) {
            throw nowhere;
        }
        budget.firstAttempt();
        try {
            attempt(exchange, revived.get(), revived.get().gateways().getFirst(), body, timeouts, shape, false);
            chain.proceed(exchange);
        } catch (AttemptFailedException failure) {
            throw giveUp(exchange, failure.error(), failure.reach() != AttemptFailedException.Reach.NOT_SENT);
        }
    }

    /**
     * For a local caller's call that found no target at all: a region that serves the service but
     * is out of routing only because its gateways missed their probes (a restarted gateway, say,
     * before the next probe round readmits it), with the first of its gateways that answers a
     * probe now, within {@link #DARK_GATEWAY_RECHECK}. Trying costs the call little, since it
     * would fail otherwise, and spares it the wait for the next probe round. Regions whose link a
     * fault cuts are not tried.
     */
    private Optional<Candidate.RemoteRegion> reviveDarkRegion(Exchange exchange, Resolution.Routed route) {
        if (exchange.listener() != Listener.LOCAL || remoteGateways.isEmpty()) {
            return Optional.empty();
        }
        RoutingSnapshot snapshot = exchange.snapshot();
        Collection<Candidate> candidates = route.pinned()
                ? route.candidates()
                : snapshot.pinnedRoutes().getOrDefault(route.service(), Map.of()).values();
        long now = System.currentTimeMillis();
        for (Candidate candidate : candidates) {
            if (!(candidate instanceof Candidate.RemoteRegion remote) || !remote.gateways().isEmpty() || remote.healthyEndpoints() == 0
                    || snapshot.partitionFrom(remote.region(), now).isPresent()) {
                continue;
            }
            for (HostPort gateway : remoteGateways.getOrDefault(remote.region(), List.of())) {
                if (snapshot.unreachableGateways().contains(gateway) && transports.ping(remote.region(), gateway, DARK_GATEWAY_RECHECK)) {
                    return Optional.of(new Candidate.RemoteRegion(remote.region(), List.of(gateway), remote.healthyEndpoints(), remote.stale()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The next target: one not yet tried; when every one was and the last attempt was answered
     * with a status the call retries on, any of them again, since a retry on the only endpoint is
     * still a retry.
     */
    private Optional<HostPort> pick(List<HostPort> targets, Set<HostPort> tried, boolean lastCandidate,
            AttemptFailedException.Reach lastReach) {
        Optional<HostPort> fresh = balancer.pick(targets, tried, lastCandidate);
        if (fresh.isPresent() || !lastCandidate || lastReach != AttemptFailedException.Reach.ANSWERED) {
            return fresh;
        }
        return balancer.pick(targets, Set.of(), true);
    }

    private void backoff(RetryRules rules, int retry) throws GatewayException {
        Duration delay = rules.backoff().delay(retry, ThreadLocalRandom.current());
        if (delay.isPositive()) {
            try {
                // The call's own virtual thread waits; nothing else is held.
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, "interrupted while backing off before a retry", e);
            }
        }
    }

    /**
     * The error a call ends with. A peer gateway's call that reached no endpoint here (every one
     * refused the connection, say, before health checks caught up) is answered {@code
     * no_healthy_upstream}: nothing was sent anywhere, so the calling region may move it on.
     */
    private static GatewayException giveUp(Exchange exchange, GatewayException last, boolean reachedAnUpstream) {
        if (exchange.listener() == Listener.PEER && !reachedAnUpstream && last.error() != GatewayError.NO_HEALTHY_UPSTREAM) {
            return new GatewayException(GatewayError.NO_HEALTHY_UPSTREAM, "no endpoint of '" + exchange.route().service()
                    + "' in this region could be reached; last attempt: " + last.getMessage(), last);
        }
        return last;
    }

    private static boolean hasSecondTarget(List<Candidate> candidates, CallShape shape) {
        if (shape.maxAttempts() < 2) {
            return false;
        }
        if (shape.retriesOnStatus()) {
            // An answer the call retries on may send it to the same endpoint again.
            return true;
        }
        int targets = 0;
        for (Candidate candidate : candidates) {
            targets += switch (candidate) {
                case Candidate.LocalEndpoints local -> local.endpoints().size();
                case Candidate.RemoteRegion remote -> remote.gateways().size();
            };
            if (targets > 1) {
                return true;
            }
        }
        return false;
    }

    private void attempt(Exchange exchange, Candidate candidate, HostPort target, ReplayableBody body, HeadersTimeouts timeouts,
            CallShape shape, boolean answerMayBeDropped) throws AttemptFailedException {
        String method = exchange.clientToGatewayRequest().method();
        RetryRules rules = shape.retries();
        ResponseRules answers = new ResponseRules(answerMayBeDropped
                ? status -> body.replayable() && RetryPolicy.retriesStatus(status, method, rules)
                : NO_STATUS, shape.responseHeaders());
        exchange.record().attempt(candidate.region(), target);
        try (CircuitBreakers.Permit _ = admit(exchange, candidate, target, shape)) {
            balancer.begin(target);
            try {
                Content.Source attemptBody = body.nextAttempt();
                switch (candidate) {
                    case Candidate.LocalEndpoints local -> toEndpoint(exchange, local, target, body, attemptBody, timeouts, shape, answers);
                    case Candidate.RemoteRegion remote -> toPeerGateway(exchange, remote, target, body, attemptBody, timeouts, shape, answers);
                }
                balancer.reachable(target);
            } catch (AttemptFailedException failure) {
                if (failure.targetFailed()) {
                    balancer.eject(target, candidate instanceof Candidate.LocalEndpoints ? "endpoint" : "gateway",
                            failure.error().getMessage());
                } else if (failure.reach() == AttemptFailedException.Reach.REFUSED_BY_PEER
                        && candidate instanceof Candidate.RemoteRegion remote) {
                    // Alive, but its region has nothing for this service: avoid the region for it, not the gateway for all.
                    balancer.refusedBy(exchange.route().service(), remote.region());
                } else if (failure.reach() != AttemptFailedException.Reach.SENT) {
                    // It answered (a peer gateway's refusal, or a response the client already has).
                    balancer.reachable(target);
                }
                throw failure;
            } finally {
                balancer.end(target);
            }
        }
    }

    /**
     * Admits the attempt past the service's circuit breaker for an endpoint of this region; a
     * remote region's gateway applies its own. A full breaker fails the attempt as not sent.
     */
    private CircuitBreakers.Permit admit(Exchange exchange, Candidate candidate, HostPort target, CallShape shape)
            throws AttemptFailedException {
        if (!(candidate instanceof Candidate.LocalEndpoints local)) {
            return CircuitBreakers.Permit.NONE;
        }
        CircuitBreaker limits = exchange.snapshot().traffic().service(local.service()).circuitBreaker();
        try {
            return breakers.admit(local.service(), target, limits, local.protocol().isHttp2(), shape.perTryTimeout());
        } catch (CircuitBreakers.Overloaded e) {
            throw new AttemptFailedException(new GatewayException(GatewayError.UPSTREAM_OVERLOADED, e.getMessage(), e),
                    AttemptFailedException.Reach.NOT_SENT, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailedException(new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE,
                    "interrupted while waiting for room at " + target, e), AttemptFailedException.Reach.FINAL);
        }
    }

    private boolean refusedRecently(ServiceName service, Candidate candidate) {
        return candidate instanceof Candidate.RemoteRegion remote && balancer.refusedRecently(service, remote.region());
    }

    private static List<HostPort> targets(Candidate candidate) {
        return switch (candidate) {
            case Candidate.LocalEndpoints local -> local.endpoints().stream().map(EndpointConfig::address).toList();
            case Candidate.RemoteRegion remote -> remote.gateways();
        };
    }

    private void toEndpoint(Exchange exchange, Candidate.LocalEndpoints local, HostPort endpoint, ReplayableBody body,
            Content.Source attemptBody, HeadersTimeouts timeouts, CallShape shape, ResponseRules answers) throws AttemptFailedException {
        HttpFields.Mutable headers = OutboundHeaders.request(exchange);
        HeaderEditor.apply(shape.requestHeaders(), headers);
        String authority = exchange.clientToGatewayRequest().authority();
        if (local.protocol().isHttp2()) {
            var tlsContext = local.upstreamTls() == UpstreamTls.PLAINTEXT ? null
                    : transports.tls().toEndpoints(local.service(), local.upstreamTls() == UpstreamTls.MTLS);
            http2.forward(exchange, attemptBody, timeouts, new Http2Sessions.Key(endpoint, tlsContext), authority, headers,
                    local.region(), answers);
        } else {
            http1.forward(exchange, body, attemptBody, timeouts, transports.http1(local.service(), local.upstreamTls()),
                    local.upstreamTls() != UpstreamTls.PLAINTEXT, endpoint, authority, headers, local.region(), answers);
        }
    }

    private void toPeerGateway(Exchange exchange, Candidate.RemoteRegion remote, HostPort gateway, ReplayableBody body,
            Content.Source attemptBody, HeadersTimeouts timeouts, CallShape shape, ResponseRules answers) throws AttemptFailedException {
        if (exchange.listener() == Listener.PEER) {
            // Resolution for peers never yields this; the check keeps calls from looping between regions.
            throw new AttemptFailedException(new GatewayException(GatewayError.UNKNOWN_SERVICE,
                    "a call from a peer gateway is never forwarded to a third region"), AttemptFailedException.Reach.FINAL);
        }
        if (throughLinkFaults(exchange, remote, gateway, answers)) {
            return;
        }
        // The original authority travels on: the remote gateway serves it from its own endpoints only.
        String authority = exchange.clientToGatewayRequest().authority();
        HttpFields.Mutable headers = OutboundHeaders.request(exchange);
        HeaderEditor.apply(shape.requestHeaders(), headers);
        if (!transports.peerSpeaksHttp1Only(gateway)) {
            try {
                http2.forward(exchange, attemptBody, timeouts,
                        Http2Sessions.Key.toPeerGateway(gateway, transports.tls().toPeerGateways(remote.region())),
                        authority, headers, null, answers);
                return;
            } catch (AttemptFailedException failure) {
                // Nothing was sent: a gateway that proved its identity but speaks no HTTP/2 takes the call over HTTP/1.1.
                if (failure.reach() != AttemptFailedException.Reach.NOT_SENT || !transports.peerSpeaksHttp1Only(gateway)) {
                    throw failure;
                }
            }
        }
        http1.forward(exchange, body, attemptBody, timeouts, transports.http1ToPeers(remote.region()), true, gateway, authority,
                headers, null, answers);
    }

    /**
     * Applies the region's faults on the link to {@code remote}'s region to this attempt; true when
     * one answered the call in place of the peer gateway (the client then has the answer).
     */
    private boolean throughLinkFaults(Exchange exchange, Candidate.RemoteRegion remote, HostPort gateway, ResponseRules answers)
            throws AttemptFailedException {
        LinkFaultInjection.Effect effect;
        try {
            effect = linkFaults.beforeForwarding(exchange.snapshot(), remote.region());
        } catch (GatewayException e) {
            throw new AttemptFailedException(e, AttemptFailedException.Reach.FINAL);
        }
        return switch (effect) {
            case LinkFaultInjection.Effect.Proceed proceed -> false;
            case LinkFaultInjection.Effect.Partitioned cut -> throw new AttemptFailedException(new GatewayException(
                    GatewayError.UPSTREAM_UNAVAILABLE, "cannot connect to " + gateway + " of region '" + remote.region()
                            + "': region '" + exchange.snapshot().region() + "' is partitioned from it by fault '"
                            + cut.fault().id() + "' (nothing was sent)"), AttemptFailedException.Reach.NOT_SENT);
            case LinkFaultInjection.Effect.Aborted aborted -> {
                if (answers.dropStatus().test(aborted.status())) {
                    throw new AttemptFailedException(new GatewayException(GatewayError.UPSTREAM_UNAVAILABLE, "fault '"
                            + aborted.fault().id() + "' answered " + aborted.status() + " for region '" + remote.region()
                            + "', a status the route retries on"), AttemptFailedException.Reach.ANSWERED, false);
                }
                FaultInjection.answer(exchange, aborted.fault().id(), aborted.status());
                yield true;
            }
        };
    }
}
