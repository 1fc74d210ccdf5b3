package dev.strait.policy.model;

/** How a service's endpoints speak. */
public enum Protocol {
    /** HTTP/1.1. */
    HTTP1("http1"),
    /** HTTP/2 (h2c in plaintext, h2 over TLS). */
    HTTP2("http2"),
    /** gRPC, which is HTTP/2 with trailers. */
    GRPC("grpc");

    private final String configName;

    Protocol(String configName) {
        this.configName = configName;
    }

    /** The spelling used in the federation YAML. */
    public String configName() {
        return configName;
    }

    /** Whether the upstream is reached over HTTP/2. */
    public boolean isHttp2() {
        return this != HTTP1;
    }
}
