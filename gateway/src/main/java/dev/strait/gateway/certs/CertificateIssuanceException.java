package dev.strait.gateway.certs;

/** Certificates that cannot be issued or reused; the message names the file and what to do. */
public final class CertificateIssuanceException extends RuntimeException {
    public CertificateIssuanceException(String message) {
        super(message);
    }

    public CertificateIssuanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
