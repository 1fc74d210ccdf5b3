package dev.strait.gateway.demo;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints how to call a running local federation: curl commands that cross regions, a gRPC call, admin URLs. */
public final class DemoInstructions {
    private final Path protoFile;

    /** @param protoFile the echo service's .proto, for the grpcurl example */
    public DemoInstructions(Path protoFile) {
        this.protoFile = protoFile;
    }

    public void print(LocalFederation federation, PrintWriter out) {
        FederationConfig config = federation.config();
        out.println();
        out.println("Strait demo: federation '" + config.name() + "' is running (Ctrl-C stops it).");
        for (GatewayNode node : federation.nodes()) {
            RegionConfig home = node.region();
            out.println();
            out.printf("From region %s (node %s, local listener 127.0.0.1:%d):%n", home.name(), node.config().id(), node.localPort());
            for (RegionConfig other : config.regions()) {
                if (other.name().equals(home.name())) {
                    continue;
                }
                for (ServiceConfig service : other.services()) {
                    if (!service.isExportedTo(home.name())) {
                        continue;
                    }
                    String host = service.name() + "." + config.meshSuffix();
                    String local = node.config().host() + ":" + node.localPort();
                    switch (service.protocol()) {
                        case HTTP1 -> out.printf("  curl -s -i -H 'Host: %s' http://%s/hello%n", host, local);
                        case HTTP2 -> out.printf("  curl -s -i --http2-prior-knowledge -H 'Host: %s' http://%s/hello%n", host, local);
                        case GRPC -> out.printf("  grpcurl -plaintext -import-path %s -proto %s -authority %s -d '{\"message\":\"hi\"}' %s strait.echo.v1.Echo/Unary%n",
                                protoFile.getParent().getParent().getParent().getParent().toAbsolutePath(), "strait/echo/v1/" + protoFile.getFileName(), host, local);
                    }
                    if (service.protocol() != Protocol.GRPC) {
                        out.printf("    (crosses to %s; the answer names the endpoint, and x-strait-region: %s)%n", other.name(), other.name());
                    }
                }
            }
        }
        out.println();
        out.println("Admin APIs:");
        for (GatewayNode node : federation.nodes()) {
            out.printf("  %s/%s  http://%s:%d/v1/status%n", node.region().name(), node.config().id(),
                    node.config().adminHost(), node.adminPort());
        }
        out.flush();
    }
}
