package dev.strait.gateway.server;

import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;

/**
 * Counts TLS connections a listener opened, that is, full handshakes. (Jetty opens several
 * connection objects per socket, one per protocol layer; only the TLS layer is counted.)
 */
final class TlsConnectionCounter implements Connection.Listener {
    private final LongAdder opened = new LongAdder();

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection) {
            opened.increment();
        }
    }

    long opened() {
        return opened.sum();
    }
}
