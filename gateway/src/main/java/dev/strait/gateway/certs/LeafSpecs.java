package dev.strait.gateway.certs;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the certificate of each gateway node and service of a federation says. */
final class LeafSpecs {
    private static final SubjectAltName LOCALHOST = SubjectAltName.dns("localhost");
    private static final SubjectAltName LOOPBACK = SubjectAltName.ip("127.0.0.1");

    private LeafSpecs() {}

    /**
     * A node's SPIFFE ID, then the addresses it is reached at. A loopback address also brings
     * {@code localhost} and {@code 127.0.0.1}, so single-machine demos work with clients that check
     * host names; a wildcard bind address names no host and is left out.
     */
    static LeafSpec node(TrustDomain trustDomain, RegionName region, NodeConfig node, Validity validity) {
        List<SubjectAltName> names = new ArrayList<>();
        names.add(SubjectAltName.uri(SpiffeId.node(trustDomain, region, node.id())));
        addHost(names, node.host());
        addHost(names, node.adminHost());
        return new LeafSpec(DistinguishedNames.of(region.value(), node.id().value()), names, validity);
    }

    /**
     * A service's SPIFFE ID, loopback (demo and test services run there) and the hosts of its
     * endpoints, so that a gateway checking host names also accepts it.
     */
    static LeafSpec service(TrustDomain trustDomain, RegionName region, ServiceConfig service, Validity validity) {
        List<SubjectAltName> names = new ArrayList<>();
        names.add(SubjectAltName.uri(SpiffeId.service(trustDomain, region, service.name())));
        names.add(LOOPBACK);
        names.add(LOCALHOST);
        for (EndpointConfig endpoint : service.endpoints()) {
            addHost(names, endpoint.address().host());
        }
        return new LeafSpec(DistinguishedNames.of(region.value(), service.name().value()), names, validity);
    }

    private static void addHost(List<SubjectAltName> names, String host) {
        Optional<InetAddress> address = SubjectAltName.literal(host);
        if (address.isPresent() && address.get().isAnyLocalAddress()) {
            return;
        }
        names.add(SubjectAltName.forHost(host));
        if (host.equals("localhost") || address.map(InetAddress::isLoopbackAddress).orElse(false)) {
            names.add(LOOPBACK);
            names.add(LOCALHOST);
        }
    }
}
