package dev.strait.policy.authz;

import static dev.strait.policy.authz.Callers.ANONYMOUS_EU;
import static dev.strait.policy.authz.Callers.ANONYMOUS_US;
import static dev.strait.policy.authz.Callers.BILLING_EU;
import static dev.strait.policy.authz.Callers.BILLING_US;
import static dev.strait.policy.authz.Callers.GATEWAY_US;
import static dev.strait.policy.authz.Callers.ORDERS_EU;
import static dev.strait.policy.authz.Callers.ORDERS_OTHER_DOMAIN;
import static dev.strait.policy.authz.Callers.ORDERS_US;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.model.TrustDomain;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Caller patterns: what parses, what is refused and why, and which callers each form matches. */
class CallerPatternTest {
    private static final TrustDomain DEMO = new TrustDomain("strait.demo");

    static Stream<Arguments> validPatterns() {
        return Stream.of(
                arguments("anonymous", new CallerPattern.Anonymous()),
                arguments("*", new CallerPattern.AnyAuthenticated()),
                arguments("region:us-east", new CallerPattern.FromRegion(new NameGlob(NameGlob.Kind.EXACT, "us-east"))),
                arguments("region:us-*", new CallerPattern.FromRegion(new NameGlob(NameGlob.Kind.PREFIX, "us-"))),
                arguments("region:*-west", new CallerPattern.FromRegion(new NameGlob(NameGlob.Kind.SUFFIX, "-west"))),
                arguments("region:*", new CallerPattern.FromRegion(NameGlob.ANY)),
                arguments("service:orders", new CallerPattern.FromService(new NameGlob(NameGlob.Kind.EXACT, "orders"))),
                arguments("service:*-internal",
                        new CallerPattern.FromService(new NameGlob(NameGlob.Kind.SUFFIX, "-internal"))),
                arguments("spiffe://strait.demo/region/us-east/service/orders", new CallerPattern.FromSpiffeId(DEMO,
                        CallerPattern.FromSpiffeId.Kind.SERVICE, NameGlob.parse("region", "us-east"),
                        NameGlob.parse("service", "orders"))),
                arguments("spiffe://strait.demo/region/*/service/orders", new CallerPattern.FromSpiffeId(DEMO,
                        CallerPattern.FromSpiffeId.Kind.SERVICE, NameGlob.ANY, NameGlob.parse("service", "orders"))),
                arguments("spiffe://strait.demo/region/us-*/node/*", new CallerPattern.FromSpiffeId(DEMO,
                        CallerPattern.FromSpiffeId.Kind.NODE, NameGlob.parse("region", "us-*"), NameGlob.ANY)),
                arguments("spiffe://strait.demo/region/eu-west/node/gw-*", new CallerPattern.FromSpiffeId(DEMO,
                        CallerPattern.FromSpiffeId.Kind.NODE, NameGlob.parse("region", "eu-west"),
                        NameGlob.parse("node", "gw-*"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPatterns")
    void parsesEveryFormAndPrintsItBack(String text, CallerPattern expected) {
        CallerPattern parsed = CallerPattern.parse(text);

        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed).hasToString(text);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                                               | caller is empty (expected: anonymous, *, region:NAME, service:NAME, spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE
            Anonymous                                        | caller 'Anonymous' is not valid (expected: anonymous, *, region:NAME,
            **                                               | caller '**' is not valid (expected:
            us-east                                          | caller 'us-east' is not valid (expected:
            regoin:us-east                                   | caller 'regoin:us-east' is not valid (expected:
            region:                                          | caller 'region:' has an invalid region '' (expected: a name of 1-63 of a-z, 0-9 and '-', not starting or ending with '-', or '*', or a name with one '*' at its start or end, such as us-* or *-internal)
            region:US-EAST                                   | caller 'region:US-EAST' has an invalid region 'US-EAST' (expected: a name of
            region:*-*                                       | caller 'region:*-*' has an invalid region '*-*'
            region:u*s                                       | caller 'region:u*s' has an invalid region 'u*s'
            region:-*                                        | caller 'region:-*' has an invalid region '-*'
            region:*-                                        | caller 'region:*-' has an invalid region '*-'
            service:orders_v2                                | caller 'service:orders_v2' has an invalid service 'orders_v2'
            service:**                                       | caller 'service:**' has an invalid service '**'
            spiffe://strait.demo/region/us-east/pod/x        | caller 'spiffe://strait.demo/region/us-east/pod/x' is not a Strait SPIFFE ID pattern (expected: spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE or spiffe://TRUST-DOMAIN/region/REGION/node/NODE)
            spiffe://strait.demo/service/orders              | is not a Strait SPIFFE ID pattern
            spiffe://strait.demo/region/us-east/service/a/b  | is not a Strait SPIFFE ID pattern
            spiffe://*/region/us-east/service/orders         | caller 'spiffe://*/region/us-east/service/orders' has an invalid trust domain '*' (expected: lower-case DNS labels joined by '.', such as strait.example; no '*')
            spiffe://strait.demo/region/US/service/orders    | caller 'spiffe://strait.demo/region/US/service/orders' has an invalid region 'US'
            spiffe://strait.demo/region/us-east/node/gw_1    | caller 'spiffe://strait.demo/region/us-east/node/gw_1' has an invalid node 'gw_1'
            " *"                                             | caller ' *' is not valid
            """)
    void refusesWhatIsNotACallerAndSaysWhatIsExpected(String text, String message) {
        assertThatThrownBy(() -> CallerPattern.parse(text))
                .isInstanceOf(InvalidAuthorizationException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> matching() {
        Map<String, List<CallerIdentity>> matchedBy = new java.util.LinkedHashMap<>();
        matchedBy.put("anonymous", List.of(ANONYMOUS_US, ANONYMOUS_EU));
        matchedBy.put("*", List.of(ORDERS_US, ORDERS_EU, BILLING_US, BILLING_EU, GATEWAY_US, ORDERS_OTHER_DOMAIN));
        matchedBy.put("region:us-east", List.of(ORDERS_US, BILLING_US, GATEWAY_US, ORDERS_OTHER_DOMAIN));
        matchedBy.put("region:*-west", List.of(ORDERS_EU, BILLING_EU));
        matchedBy.put("region:us*", List.of(ORDERS_US, BILLING_US, GATEWAY_US, ORDERS_OTHER_DOMAIN));
        matchedBy.put("region:*", List.of(ORDERS_US, ORDERS_EU, BILLING_US, BILLING_EU, GATEWAY_US, ORDERS_OTHER_DOMAIN));
        matchedBy.put("service:orders", List.of(ORDERS_US, ORDERS_EU, ORDERS_OTHER_DOMAIN));
        matchedBy.put("service:bill*", List.of(BILLING_US, BILLING_EU));
        matchedBy.put("service:*", List.of(ORDERS_US, ORDERS_EU, BILLING_US, BILLING_EU, ORDERS_OTHER_DOMAIN));
        matchedBy.put("service:gw-1", List.of());
        matchedBy.put("spiffe://strait.demo/region/us-east/service/orders", List.of(ORDERS_US));
        matchedBy.put("spiffe://strait.demo/region/*/service/orders", List.of(ORDERS_US, ORDERS_EU));
        matchedBy.put("spiffe://strait.demo/region/*/service/*", List.of(ORDERS_US, ORDERS_EU, BILLING_US, BILLING_EU));
        matchedBy.put("spiffe://strait.demo/region/us-east/node/*", List.of(GATEWAY_US));
        matchedBy.put("spiffe://strait.demo/region/us-east/node/orders", List.of());
        matchedBy.put("spiffe://other.example/region/*/service/orders", List.of(ORDERS_OTHER_DOMAIN));
        List<CallerIdentity> everyone = List.of(ORDERS_US, ORDERS_EU, BILLING_US, BILLING_EU, GATEWAY_US,
                ORDERS_OTHER_DOMAIN, ANONYMOUS_US, ANONYMOUS_EU);
        return matchedBy.entrySet().stream().flatMap(entry -> everyone.stream()
                .map(caller -> arguments(entry.getKey(), caller, entry.getValue().contains(caller))));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @MethodSource("matching")
    void matchesExactlyTheCallersItNames(String pattern, CallerIdentity caller, boolean expected) {
        assertThat(CallerPattern.parse(pattern).matches(caller)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            *                                              | region:us-east                                 | true
            *                                              | service:orders                                 | true
            *                                              | spiffe://strait.demo/region/*/node/*           | true
            *                                              | anonymous                                      | false
            anonymous                                      | anonymous                                      | true
            anonymous                                      | *                                              | false
            region:*                                       | *                                              | true
            region:us-east                                 | *                                              | false
            region:us-*                                    | region:us-east                                 | true
            region:us-*                                    | region:us-e*                                   | true
            region:us-e*                                   | region:us-*                                    | false
            region:*-west                                  | region:eu-west                                 | true
            region:*-west                                  | region:eu-*                                    | false
            region:eu-west                                 | spiffe://strait.demo/region/eu-west/node/*     | true
            region:eu-west                                 | spiffe://strait.demo/region/*/node/*           | false
            service:orders                                 | spiffe://strait.demo/region/*/service/orders   | true
            service:orders                                 | spiffe://strait.demo/region/*/node/orders      | false
            service:*                                      | service:orders                                 | true
            service:orders                                 | region:us-east                                 | false
            spiffe://strait.demo/region/*/service/*        | spiffe://strait.demo/region/us-east/service/a  | true
            spiffe://strait.demo/region/*/service/*        | spiffe://other.example/region/us-east/service/a| false
            spiffe://strait.demo/region/*/service/*        | service:orders                                 | false
            """)
    void coversOnlyWhatItSurelyContains(String mine, String theirs, boolean expected) {
        assertThat(CallerPattern.parse(mine).covers(CallerPattern.parse(theirs))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            *          | anything   | true
            us-east    | us-east    | true
            us-east    | us-east-1  | false
            us-*       | us-east    | true
            us-*       | us-        | true
            us-*       | eu-west    | false
            us*        | us         | true
            *-internal | a-internal | true
            *-internal | internal   | false
            *-internal | a-internal-2 | false
            """)
    void nameGlobsMatchAtOneEndOnly(String glob, String name, boolean expected) {
        assertThat(NameGlob.parse("name", glob).matches(name)).isEqualTo(expected);
    }
}
