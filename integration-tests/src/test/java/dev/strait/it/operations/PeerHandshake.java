package dev.strait.it.operations;

import dev.strait.gateway.tls.TlsMaterial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A fresh TLS connection to a gateway's peer listener, presenting a client identity and checking
 * the listener's chain against that identity's trust store, then one HTTP/1.1 request: with TLS
 * 1.3 a server's refusal of the client certificate shows only once data flows.
 */
final class PeerHandshake {
    /**
     * What happened.
     *
     * @param server the leaf the listener presented, empty when the handshake failed before that
     * @param status the HTTP status line it answered, empty when it refused the connection
     * @param failure why it failed, empty when it answered
     */
    record Outcome(Optional<X509Certificate> server, Optional<String> status, Optional<Exception> failure) {
        /** Whether both sides accepted each other's certificate. */
        boolean accepted() {
            return status.isPresent();
        }

        @Override
        public String toString() {
            return accepted() ? "accepted, presented serial " + server.map(c -> c.getSerialNumber().toString(16)).orElse("?")
                    : "refused: " + failure.map(Exception::toString).orElse("?");
        }
    }

    private PeerHandshake() {}

    static Outcome with(int peerPort, TlsMaterial client) {
        X509Certificate server = null;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(client.keyManagers(), client.trustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", peerPort)) {
                socket.setSoTimeout(5_000);
                socket.startHandshake();
                server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: nothing.mesh\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if (line == null || !line.startsWith("HTTP/1.1 ")) {
                    return new Outcome(Optional.of(server), Optional.empty(),
                            Optional.of(new IOException("the listener closed the connection without answering")));
                }
                return new Outcome(Optional.of(server), Optional.of(line), Optional.empty());
            }
        } catch (IOException | GeneralSecurityException e) {
            return new Outcome(Optional.ofNullable(server), Optional.empty(), Optional.of(e));
        }
    }
}
