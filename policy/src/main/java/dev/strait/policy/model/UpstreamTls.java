package dev.strait.policy.model;

/** How a gateway re-originates a call to a local endpoint of a service. */
public enum UpstreamTls {
    /** Plain TCP. */
    PLAINTEXT("plaintext"),
    /** TLS; the gateway verifies the endpoint's certificate and the service's SPIFFE ID. */
    TLS("tls"),
    /** Mutual TLS; as {@link #TLS}, and the gateway presents its own node certificate. */
    MTLS("mtls");

    private final String configName;

    UpstreamTls(String configName) {
        this.configName = configName;
    }

    /** The spelling used in the federation YAML. */
    public String configName() {
        return configName;
    }
}
