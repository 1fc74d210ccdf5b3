package dev.strait.gateway.tls;

/** Whether a TLS server asks its clients for a certificate. */
public enum ClientAuth {
    /** No client certificate is requested. */
    NONE,
    /** A certificate is requested and verified when sent; clients without one are still accepted. */
    WANT,
    /** Mutual TLS: a client without a certificate that chains to the trust store is refused. */
    NEED
}
