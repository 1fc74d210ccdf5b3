package dev.strait.gateway.identity;

import static dev.strait.gateway.authorization.Snapshots.EAST;
import static dev.strait.gateway.authorization.Snapshots.TRUST_DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.authorization.Snapshots;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.policy.authz.CallerIdentity;
import dev.strait.policy.model.AddressRange;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.LocalListener.ClientCertificate;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerIdentificationTest {
    private static final RoutingSnapshot SNAPSHOT = Snapshots.east(Set.of(), List.of(), List.of(
            new LocalCaller(AddressRange.parse("127.0.0.2"), new ServiceName("checkout")),
            new LocalCaller(AddressRange.parse("127.0.0.0/29"), new ServiceName("legacy")),
            new LocalCaller(AddressRange.parse("127.0.0.0/8"), new ServiceName("other"))));

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.2, checkout",
            "127.0.0.3, legacy",
            "127.0.1.1, other",
            "10.0.0.1, anonymous",
            "::1, anonymous",
    })
    void aLocalCallerIsWhatTheFirstMatchingLocalCallerSays(String address, String expected) throws Exception {
        Exchange exchange = localExchange(Optional.of(InetAddress.getByName(address)),
                "spiffe://strait.test/region/us-east/service/admin");

        new Pipeline(List.of(new CallerIdentification())).handle(exchange);

        CallerIdentity identity = exchange.caller().identity();
        if (expected.equals("anonymous")) {
            assertThat(identity).isEqualTo(CallerIdentity.anonymous(EAST));
            assertThat(exchange.caller().sourceHeader()).isEmpty();
        } else {
            SpiffeId id = SpiffeId.service(TRUST_DOMAIN, EAST, new ServiceName(expected));
            assertThat(identity).isEqualTo(CallerIdentity.authenticated(id));
            // What goes on to a peer gateway is the mapped identity, never what the client claimed.
            assertThat(exchange.caller().sourceHeader()).contains(id.uri());
        }
    }

    @Test
    void aCallerWithoutAnAddressIsAnonymous() throws Exception {
        Exchange exchange = localExchange(Optional.empty(), "spiffe://strait.test/region/us-east/service/checkout");

        new Pipeline(List.of(new CallerIdentification())).handle(exchange);

        assertThat(exchange.caller().identity()).isEqualTo(CallerIdentity.anonymous(EAST));
    }

    @ParameterizedTest(name = "certificate {0}, address {1}, listener identity {2}: {3}")
    @CsvSource(nullValues = "-", value = {
            // A certificate of this region decides, whatever the address or the listener's identity.
            "spiffe://strait.test/region/us-east/service/reports, 127.0.0.2, web, reports",
            "spiffe://strait.test/region/us-east/service/reports, 10.0.0.1,  -,   reports",
            // Without one: the address, then the listener's identity, then anonymous.
            "-, 127.0.0.2, web, checkout",
            "-, 10.0.0.1,  web, web",
            "-, -,         web, web",
            "-, 10.0.0.1,  -,   anonymous",
    })
    void aLocalCallerIsItsCertificateThenItsAddressThenTheListenersIdentity(String certificate, String address,
            String listenerIdentity, String expected) throws Exception {
        LocalListener listener = listenerIdentity == null
                ? LocalListener.mtls(ClientCertificate.OPTIONAL, Optional.empty())
                : LocalListener.mtls(ClientCertificate.OPTIONAL, Optional.of(new ServiceName(listenerIdentity)));
        Exchange exchange = localExchange(address == null ? Optional.empty() : Optional.of(InetAddress.getByName(address)),
                certificate == null ? Optional.empty() : certificateOf(certificate), "spiffe://strait.test/region/us-east/service/admin");

        new Pipeline(List.of(new CallerIdentification(listener))).handle(exchange);

        assertThat(exchange.caller().identity()).isEqualTo(expected.equals("anonymous")
                ? CallerIdentity.anonymous(EAST)
                : CallerIdentity.authenticated(SpiffeId.service(TRUST_DOMAIN, EAST, new ServiceName(expected))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "spiffe://strait.test/region/eu-west/service/checkout | it is a workload of region 'eu-west' (expected: a workload"
                    + " of region 'us-east'; a workload calls through its own region's gateway)",
            "spiffe://strait.test/region/eu-west/node/west-1 | it is a gateway node's (expected: a workload certificate,"
                    + " spiffe://strait.test/region/us-east/service/NAME; gateways call each other on the peer listener)",
            "spiffe://strait.test/region/us-east/node/gw-1 | it is a gateway node's (expected: a workload certificate,"
                    + " spiffe://strait.test/region/us-east/service/NAME; gateways call each other on the peer listener)",
            "spiffe://other.test/region/us-east/service/checkout | it is of trust domain 'other.test' (expected: a workload"
                    + " of trust domain 'strait.test')",
    })
    void aCertificateThatIsNotAWorkloadOfThisRegionIsRefusedNotTakenForAnotherCaller(String certificate, String why) {
        // 127.0.0.2 is checkout and the listener has an identity: neither stands in for a refused certificate.
        Exchange exchange = localExchange(Optional.of(InetAddress.getLoopbackAddress()), certificateOf(certificate), "");
        LocalListener listener = LocalListener.mtls(ClientCertificate.OPTIONAL, Optional.of(new ServiceName("web")));

        assertThatThrownBy(() -> new Pipeline(List.of(new CallerIdentification(listener))).handle(exchange))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.error()).isEqualTo(GatewayError.DENIED))
                .hasMessage("client certificate " + certificate + " is not a local caller of region 'us-east': " + why);
    }

    @Test
    void aPlaintextListenersIdentityIsForCallersNoLocalCallerEntryNames() throws Exception {
        LocalListener listener = LocalListener.plaintext(Optional.of(new ServiceName("web")));
        Exchange mapped = localExchange(Optional.of(InetAddress.getByName("127.0.0.3")), "");
        Exchange unmapped = localExchange(Optional.of(InetAddress.getByName("10.0.0.1")), "");

        new Pipeline(List.of(new CallerIdentification(listener))).handle(mapped);
        new Pipeline(List.of(new CallerIdentification(listener))).handle(unmapped);

        assertThat(mapped.caller().sourceHeader()).contains("spiffe://strait.test/region/us-east/service/legacy");
        assertThat(unmapped.caller().sourceHeader()).contains("spiffe://strait.test/region/us-east/service/web");
    }

    private static Optional<SpiffeId> certificateOf(String uri) {
        return Optional.of(SpiffeId.parse(uri).orElseThrow());
    }

    private static Exchange localExchange(Optional<InetAddress> address, String claimedSource) {
        return localExchange(address, Optional.empty(), claimedSource);
    }

    private static Exchange localExchange(Optional<InetAddress> address, Optional<SpiffeId> certificate, String claimedSource) {
        HttpFields headers = HttpFields.build().add(StraitHeaders.SOURCE, claimedSource).asImmutable();
        return new Exchange(Listener.LOCAL, new RequestHead("GET", "payments.mesh", "/", false, headers), null, null,
                SNAPSHOT, certificate, address);
    }
}
