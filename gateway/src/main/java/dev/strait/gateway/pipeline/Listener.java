package dev.strait.gateway.pipeline;

/** Which of a node's data-plane listeners a request arrived on. */
public enum Listener {
    /** Plaintext HTTP/1.1 and h2c for callers of the node's own region. */
    LOCAL,
    /** mTLS for gateways of other regions. */
    PEER
}
