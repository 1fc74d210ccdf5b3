package dev.strait.gateway.identity;

import static dev.strait.gateway.authorization.Snapshots.EAST;
import static dev.strait.gateway.authorization.Snapshots.TRUST_DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.authorization.Snapshots;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.policy.authz.CallerIdentity;
import dev.strait.policy.model.AddressRange;
import dev.strait.policy.model.LocalCaller;
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

    private static Exchange localExchange(Optional<InetAddress> address, String claimedSource) {
        HttpFields headers = HttpFields.build().add(StraitHeaders.SOURCE, claimedSource).asImmutable();
        return new Exchange(Listener.LOCAL, new RequestHead("GET", "payments.mesh", "/", false, headers), null, null,
                SNAPSHOT, Optional.empty(), address);
    }
}
