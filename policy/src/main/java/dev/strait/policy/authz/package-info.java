/**
 * The authorization decision engine: whether a caller may make a call to a service, decided from
 * the service's allow and deny rules. Pure code: no I/O, no threads, no locks.
 *
 * <p>Starting points: rules are {@link dev.strait.policy.authz.AuthorizationRule}s (callers as
 * {@link dev.strait.policy.authz.CallerPattern}s, paths as {@link dev.strait.policy.authz.PathMatch}es,
 * headers as {@link dev.strait.policy.authz.HeaderMatch}es) grouped per service in a
 * {@link dev.strait.policy.authz.ServiceAuthorization}, whose {@code problems()} the config binder
 * reports. {@link dev.strait.policy.authz.CompiledAuthorization#compile} turns them into an
 * immutable structure, built with the routing snapshot; its
 * {@link dev.strait.policy.authz.CompiledAuthorization#decide decide} answers a
 * {@link dev.strait.policy.authz.Decision} per request for a
 * {@link dev.strait.policy.authz.CallerIdentity}, without blocking and without allocating (beyond
 * what the gateway's {@link dev.strait.policy.authz.HeaderLookup} does). The path it is given must
 * already be normalized; nothing here normalizes.
 *
 * <p>The gateway of the service's region decides (it is the authority for its services); whether a
 * service is exported to the caller's region at all is routing's concern, checked before.
 *
 * <h2>Precedence</h2>
 * A rule matches a call when its {@code from} matches the caller and its methods, paths and headers
 * match the request. The first row that applies decides:
 * <pre>
 * | # | when                                                              | decision | basis (Decision.Basis)              |
 * |---|-------------------------------------------------------------------|----------|-------------------------------------|
 * | 1 | a DENY rule matches                                               | denied   | that rule (the first one in order)  |
 * | 2 | an ALLOW rule matches                                             | allowed  | that rule (the first one in order)  |
 * | 3 | no rule matches, the caller is anonymous                          | denied   | Default.ANONYMOUS                   |
 * | 4 | no rule matches, the caller is of another region than the service | denied   | Default.CROSS_REGION                |
 * | 5 | no rule matches, the service has ALLOW rules                       | denied   | Default.NO_ALLOW_RULE_MATCHED       |
 * | 6 | no rule matches, the service has no ALLOW rules                    | allowed  | Default.NO_ALLOW_RULES              |
 * </pre>
 * So deny wins over allow; anonymous callers get only what a rule granting {@code anonymous} by
 * name gives them (no other caller pattern matches them); a call across regions needs an allow
 * rule that matches the caller; and, as in Istio, a service with any ALLOW rule (even one only for
 * {@code anonymous}) allows same-region callers only what its allow rules match, while a service
 * with only DENY rules, or none, allows every same-region authenticated caller anything not denied.
 *
 * <p>Rule order never changes whether a call is allowed; it only picks which of several matching
 * rules of the deciding action a decision names (the first in config order). The 403 body carries
 * {@link dev.strait.policy.authz.Decision.Denied#reason()}, which names the deciding rule or
 * default and nothing about other rules.
 *
 * <p>Compiled rules are filed, per service and action, by the caller's service name (when every
 * caller of a rule names one service exactly) and in a trie of the leading literal segments of the
 * rule's paths ({@code RuleIndex}), so with many rules a call reads only those that could match it;
 * rules whose callers and paths are all wildcards are read one by one.
 *
 * <p>Matching details: methods are compared case-insensitively (so a deny of {@code GET} also
 * catches {@code get}); header names case-insensitively and header values exactly, a repeated
 * header being its values joined by {@code ", "}; paths as {@link dev.strait.policy.authz.PathMatch}
 * describes (segment-aware prefixes, {@code *} within a segment, {@code **} across segments).
 */
package dev.strait.policy.authz;
