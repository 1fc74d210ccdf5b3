/**
 * The traffic-rule engine: which route a call to a service takes, where the route sends it, and how
 * the call is timed out, retried, limited and rewritten on the way. Pure code: no I/O, no threads, no
 * locks.
 *
 * <p>Starting points: a service's {@link dev.strait.policy.traffic.TrafficPolicy} (config records,
 * each checking its own values) holds
 * <ul>
 *   <li>{@link dev.strait.policy.traffic.Subset}s: named groups of its endpoints, selected by endpoint metadata;</li>
 *   <li>default {@link dev.strait.policy.traffic.RouteSettings}: timeout, perTryTimeout,
 *       {@link dev.strait.policy.traffic.RetryRules} (with {@link dev.strait.policy.traffic.RetryOn} conditions and a
 *       {@link dev.strait.policy.traffic.Backoff}), {@link dev.strait.policy.traffic.RateLimit} and request and
 *       response {@link dev.strait.policy.traffic.HeaderEdits};</li>
 *   <li>a service-wide {@link dev.strait.policy.traffic.CircuitBreaker};</li>
 *   <li>{@link dev.strait.policy.traffic.TrafficRoute}s: a {@link dev.strait.policy.traffic.RouteMatch}, a split
 *       of weighted {@link dev.strait.policy.traffic.Destination}s (a subset here, or another region), and
 *       settings of the route's own.</li>
 * </ul>
 * {@link dev.strait.policy.traffic.TrafficCheck#problems} finds what no single record can (weights, names,
 * regions, timeouts, routes that never match); the config binder reports each
 * {@link dev.strait.policy.traffic.TrafficProblem} at its place in the file.
 * {@link dev.strait.policy.traffic.CompiledTraffic#compile} builds, with the routing snapshot, the form the
 * request path reads: per service a {@link dev.strait.policy.traffic.ServiceTraffic}, whose
 * {@link dev.strait.policy.traffic.ServiceTraffic#select select} answers a
 * {@link dev.strait.policy.traffic.SelectedRoute} built in advance, without allocating.
 *
 * <h2>Evaluation</h2>
 * <pre>
 * 1. match   routes are tried in config order; the first whose match holds takes the call (any of its
 *            paths, one of its methods, all of its headers; an empty condition holds always). When none
 *            does, the call takes the implicit default route (index -1, named "default").
 * 2. settle  the route's settings override the service's defaults field by field: each value the route
 *            sets replaces the service's, the others stay; header edits apply the service's first, then
 *            the route's (the route's win per header name). Unset retries mean RetryRules.DEFAULT.
 * 3. split   a route with a split picks one destination by weight from a uniform roll in [0, 1); the
 *            weights add up to 100, and weight 0 keeps an entry without sending it anything. A call that
 *            came from a peer gateway picks only among the split's subsets, their weights scaled up
 *            (pickSubset), since it may not go on to a third region. A route without a split, or one
 *            whose pick is empty, goes to the service's usual candidates.
 * </pre>
 * A catch-all route ({@link dev.strait.policy.traffic.RouteMatch#ANY}) belongs last: a route after it, or
 * after any route whose match covers its own, never matches and is reported.
 */
package dev.strait.policy.traffic;
