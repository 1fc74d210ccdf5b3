package dev.strait.it.security;

import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.LocalListener.ClientCertificate;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Two regions whose local listeners speak mutual TLS: east's requires a client certificate, west's
 * only asks for one. West serves {@code orders} from a {@link RequestRecorder} to east's
 * {@code web} only; east serves {@code web} (an echo) to west's {@code payments} only:
 * <pre>
 * orders (west): allow service:web     methods [GET]  paths [prefix /api]
 * web    (east): allow service:payments
 * </pre>
 * Workloads present certificates of the federation's own CA: those of services the config
 * declares as {@code strait certs init} issued them, others issued here by a region's
 * intermediate.
 */
final class MtlsLocalFederation implements AutoCloseable {
    static final String EAST_WEB = "spiffe://strait.test/region/east/service/web";
    static final String WEST_PAYMENTS = "spiffe://strait.test/region/west/service/payments";

    final RequestRecorder orders;
    final TwoRegions federation;
    private final TestLeaves leaves;

    private MtlsLocalFederation(RequestRecorder orders, TwoRegions federation) {
        this.orders = orders;
        this.federation = federation;
        this.leaves = new TestLeaves(federation.certificates());
    }

    static MtlsLocalFederation start(Path directory) throws Exception {
        RequestRecorder orders = new RequestRecorder();
        try {
            TwoRegions federation = new TwoRegions(directory)
                    .withWestService("orders", Protocol.HTTP1, orders.address())
                    .withAuthorization("orders", AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:web")))
                            .withMethods(Set.of("GET"))
                            .withPaths(List.of(PathMatch.prefix("/api"))))
                    .withAuthorization("web", AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:payments"))))
                    .withLocalListener(TwoRegions.EAST, LocalListener.mtls(ClientCertificate.REQUIRED, Optional.empty()))
                    .withLocalListener(TwoRegions.WEST, LocalListener.mtls(ClientCertificate.OPTIONAL, Optional.empty()));
            return new MtlsLocalFederation(orders, federation.start());
        } catch (Exception e) {
            orders.close();
            throw e;
        }
    }

    int localPort(RegionName region) {
        return federation.node(region).localPort();
    }

    /** The certificate {@code strait certs init} issued to {@code service} of {@code region}. */
    TlsMaterial workload(RegionName region, String service) {
        return TlsMaterial.load(layout().service(region, ServiceName.of(service)));
    }

    /** A certificate issued by {@code region}'s intermediate CA to {@code spiffeId}, trusting the federation root. */
    TlsMaterial issued(RegionName region, String spiffeId) {
        return leaves.valid(leaves.intermediate(layout(), region), spiffeId);
    }

    /** As {@link #issued}, but expired an hour ago. */
    TlsMaterial expired(RegionName region, String spiffeId) {
        return leaves.expired(leaves.intermediate(layout(), region), spiffeId);
    }

    /** The certificate of {@code region}'s gateway node. */
    TlsMaterial gatewayNode(RegionName region) {
        return TlsMaterial.load(layout().node(region, TwoRegions.NODE));
    }

    /** The federation root, for callers without a certificate of their own. */
    KeyStore trustStore() {
        return TlsMaterial.loadTrustStore(layout().rootCertificate());
    }

    private CertificateLayout layout() {
        return federation.certificates();
    }

    @Override
    public void close() throws IOException {
        federation.close();
        orders.close();
    }
}
