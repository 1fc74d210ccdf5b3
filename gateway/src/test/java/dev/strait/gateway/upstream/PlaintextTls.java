package dev.strait.gateway.upstream;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** No TLS at all: peer gateways are reached over h2c and endpoints over plaintext, as test upstreams speak. */
final class PlaintextTls implements ClientTlsContexts {
    @Override
    public SslContextFactory.Client toPeerGateways(RegionName region) {
        return null;
    }

    @Override
    public SslContextFactory.Client toEndpoints(ServiceName service, boolean mutual) {
        return null;
    }
}
