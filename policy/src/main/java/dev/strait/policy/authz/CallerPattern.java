package dev.strait.policy.authz;

import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.util.Locale;
import java.util.Objects;

/**
 * Which callers a rule is about, parsed from its text form with {@link #parse}:
 * <pre>
 * anonymous                                   a caller without an identity (and only such a caller)
 * *                                           any authenticated caller
 * region:NAME                                 any authenticated caller of region NAME
 * service:NAME                                a workload of service NAME, in any region
 * spiffe://TD/region/REGION/service/SERVICE   a workload identity
 * spiffe://TD/region/REGION/node/NODE         a gateway node identity
 * </pre>
 * NAME, REGION, SERVICE and NODE are {@link NameGlob}s: a name, {@code *}, or a name with one
 * {@code *} at its start or end ({@code us-*}, {@code *-internal}). The trust domain is exact.
 * Every form except {@code anonymous} matches authenticated callers only, so anonymous callers get
 * only what a rule grants {@code anonymous} by name.
 */
public sealed interface CallerPattern {
    /** What a caller pattern may look like, for messages. */
    String EXPECTED = "anonymous, *, region:NAME, service:NAME, spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE"
            + " or spiffe://TRUST-DOMAIN/region/REGION/node/NODE, where NAME, REGION, SERVICE and NODE are a name,"
            + " '*', or a name with one '*' at its start or end, such as us-* or *-internal";

    /** Whether {@code caller} is one of the callers this pattern stands for. */
    boolean matches(CallerIdentity caller);

    /** Whether every caller {@code other} matches, this pattern matches too (decided on the patterns alone). */
    boolean covers(CallerPattern other);

    /**
     * Parses one caller pattern.
     *
     * @throws InvalidAuthorizationException naming the text and what is expected
     */
    static CallerPattern parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidAuthorizationException("caller is empty (expected: " + EXPECTED + ")");
        }
        if (text.equals("anonymous")) {
            return Anonymous.INSTANCE;
        }
        if (text.equals("*")) {
            return AnyAuthenticated.INSTANCE;
        }
        if (text.startsWith("region:")) {
            return new FromRegion(glob(text, "region", text.substring("region:".length())));
        }
        if (text.startsWith("service:")) {
            return new FromService(glob(text, "service", text.substring("service:".length())));
        }
        if (text.startsWith("spiffe://")) {
            return FromSpiffeId.parseUri(text);
        }
        throw new InvalidAuthorizationException("caller '" + text + "' is not valid (expected: " + EXPECTED + ")");
    }

    private static NameGlob glob(String text, String role, String value) {
        try {
            return NameGlob.parse(role, value);
        } catch (InvalidAuthorizationException e) {
            throw new InvalidAuthorizationException("caller '" + text + "' has an invalid " + role + " '" + value
                    + "' (expected: " + NameGlob.EXPECTED + ")");
        }
    }

    /** {@code anonymous}: a caller that presented no identity. */
    record Anonymous() implements CallerPattern {
        static final Anonymous INSTANCE = new Anonymous();

        @Override
        public boolean matches(CallerIdentity caller) {
            return caller instanceof CallerIdentity.Anonymous;
        }

        @Override
        public boolean covers(CallerPattern other) {
            return other instanceof Anonymous;
        }

        @Override
        public String toString() {
            return "anonymous";
        }
    }

    /** {@code *}: any authenticated caller. */
    record AnyAuthenticated() implements CallerPattern {
        static final AnyAuthenticated INSTANCE = new AnyAuthenticated();

        @Override
        public boolean matches(CallerIdentity caller) {
            return caller instanceof CallerIdentity.Authenticated;
        }

        @Override
        public boolean covers(CallerPattern other) {
            return !(other instanceof Anonymous);
        }

        @Override
        public String toString() {
            return "*";
        }
    }

    /** {@code region:NAME}: any authenticated caller (workload or gateway node) of a matching region. */
    record FromRegion(NameGlob region) implements CallerPattern {
        public FromRegion {
            Objects.requireNonNull(region, "region");
        }

        @Override
        public boolean matches(CallerIdentity caller) {
            return caller instanceof CallerIdentity.Authenticated authenticated
                    && region.matches(authenticated.spiffeId().region().value());
        }

        @Override
        public boolean covers(CallerPattern other) {
            return switch (other) {
                case Anonymous _ -> false;
                case AnyAuthenticated _ -> region.kind() == NameGlob.Kind.ANY;
                case FromRegion r -> region.covers(r.region());
                case FromService _ -> region.kind() == NameGlob.Kind.ANY;
                case FromSpiffeId s -> region.covers(s.region());
            };
        }

        @Override
        public String toString() {
            return "region:" + region;
        }
    }

    /** {@code service:NAME}: a workload of a matching service name, in any region and trust domain. */
    record FromService(NameGlob service) implements CallerPattern {
        public FromService {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public boolean matches(CallerIdentity caller) {
            return caller instanceof CallerIdentity.Authenticated authenticated
                    && authenticated.spiffeId() instanceof SpiffeId.Service workload
                    && service.matches(workload.service().value());
        }

        @Override
        public boolean covers(CallerPattern other) {
            return switch (other) {
                case FromService s -> service.covers(s.service());
                case FromSpiffeId s -> s.kind() == FromSpiffeId.Kind.SERVICE && service.covers(s.name());
                case Anonymous _ -> false;
                case AnyAuthenticated _ -> false;
                case FromRegion _ -> false;
            };
        }

        @Override
        public String toString() {
            return "service:" + service;
        }
    }

    /**
     * {@code spiffe://TD/region/REGION/service/SERVICE} or {@code spiffe://TD/region/REGION/node/NODE}.
     *
     * @param trustDomain the trust domain, exact
     * @param kind        whether it names workloads or gateway nodes
     * @param region      the region segment
     * @param name        the service or node segment
     */
    record FromSpiffeId(TrustDomain trustDomain, Kind kind, NameGlob region, NameGlob name) implements CallerPattern {
        /** The shape of the SPIFFE IDs the pattern stands for. */
        public enum Kind {
            /** {@code .../service/SERVICE}, a workload. */
            SERVICE,
            /** {@code .../node/NODE}, a gateway node. */
            NODE
        }

        public FromSpiffeId {
            Objects.requireNonNull(trustDomain, "trustDomain");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(name, "name");
        }

        private static FromSpiffeId parseUri(String text) {
            String[] parts = text.substring("spiffe://".length()).split("/", -1);
            if (parts.length != 5 || !parts[1].equals("region") || !(parts[3].equals("service") || parts[3].equals("node"))) {
                throw new InvalidAuthorizationException("caller '" + text + "' is not a Strait SPIFFE ID pattern (expected:"
                        + " spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE or spiffe://TRUST-DOMAIN/region/REGION/node/NODE)");
            }
            if (!TrustDomain.isValid(parts[0])) {
                throw new InvalidAuthorizationException("caller '" + text + "' has an invalid trust domain '" + parts[0]
                        + "' (expected: lower-case DNS labels joined by '.', such as strait.example; no '*')");
            }
            Kind kind = parts[3].equals("service") ? Kind.SERVICE : Kind.NODE;
            return new FromSpiffeId(new TrustDomain(parts[0]), kind, glob(text, "region", parts[2]),
                    glob(text, parts[3], parts[4]));
        }

        @Override
        public boolean matches(CallerIdentity caller) {
            if (!(caller instanceof CallerIdentity.Authenticated authenticated)) {
                return false;
            }
            SpiffeId id = authenticated.spiffeId();
            if (!id.trustDomain().equals(trustDomain) || !region.matches(id.region().value())) {
                return false;
            }
            return switch (id) {
                case SpiffeId.Service workload -> kind == Kind.SERVICE && name.matches(workload.service().value());
                case SpiffeId.Node node -> kind == Kind.NODE && name.matches(node.node().value());
            };
        }

        @Override
        public boolean covers(CallerPattern other) {
            return other instanceof FromSpiffeId s && s.trustDomain.equals(trustDomain) && s.kind == kind
                    && region.covers(s.region) && name.covers(s.name);
        }

        @Override
        public String toString() {
            return "spiffe://" + trustDomain.value() + "/region/" + region + "/" + kind.name().toLowerCase(Locale.ROOT)
                    + "/" + name;
        }
    }
}
