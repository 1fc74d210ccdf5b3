package dev.strait.gateway.upstream;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The TLS setups a node uses when it originates connections. Each verifies the chain against the
 * federation's trust bundle and the SPIFFE ID the far end must have. Implementations return the
 * same started instance for the same arguments, since pooled connections are keyed by it; when the
 * node's certificate or trust bundle is rotated they reload that instance in place, so new
 * connections use the new material and pooled ones stay open.
 */
public interface ClientTlsContexts {
    /** Towards gateway nodes of {@code region}: presents this node's certificate. */
    SslContextFactory.Client toPeerGateways(RegionName region);

    /** Towards endpoints of {@code service} in this region; presents this node's certificate when {@code mutual}. */
    SslContextFactory.Client toEndpoints(ServiceName service, boolean mutual);
}
