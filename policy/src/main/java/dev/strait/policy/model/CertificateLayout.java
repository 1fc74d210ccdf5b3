package dev.strait.policy.model;

import java.nio.file.Path;

/**
 * Where {@code strait certs init} writes each PEM file under a certificate directory, and so
 * where a node without explicit TLS paths finds its own.
 *
 * <pre>
 * ca/root.pem, ca/root.key                           the root CA (root.pem is the trust bundle)
 * REGION/ca/intermediate.pem, intermediate.key       the region's intermediate CA
 * REGION/nodes/NODE/{cert,chain,key}.pem              a gateway node's leaf
 * REGION/services/SERVICE/{cert,chain,key}.pem        a service's (workload's) leaf
 * </pre>
 */
public record CertificateLayout(Path directory) {
    public Path rootCertificate() {
        return directory.resolve("ca/root.pem");
    }

    public Path rootKey() {
        return directory.resolve("ca/root.key");
    }

    public Path intermediateCertificate(RegionName region) {
        return directory.resolve(region.value()).resolve("ca/intermediate.pem");
    }

    public Path intermediateKey(RegionName region) {
        return directory.resolve(region.value()).resolve("ca/intermediate.key");
    }

    public TlsFiles node(RegionName region, NodeId node) {
        Path dir = directory.resolve(region.value()).resolve("nodes").resolve(node.value());
        return new TlsFiles(dir.resolve("chain.pem"), dir.resolve("key.pem"), rootCertificate());
    }

    public TlsFiles service(RegionName region, ServiceName service) {
        Path dir = directory.resolve(region.value()).resolve("services").resolve(service.value());
        return new TlsFiles(dir.resolve("chain.pem"), dir.resolve("key.pem"), rootCertificate());
    }

    /** The leaf alone (without the intermediate) of a chain written by this layout. */
    public static Path leafOf(TlsFiles files) {
        return files.certificateChain().resolveSibling("cert.pem");
    }
}
