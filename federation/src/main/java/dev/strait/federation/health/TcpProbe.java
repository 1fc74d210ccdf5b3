package dev.strait.federation.health;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.ServiceConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The TCP check: a connection to the endpoint's address, opened within the check's timeout and
 * closed at once (no TLS handshake), is a success.
 */
public final class TcpProbe implements Probe {
    @Override
    public boolean check(ServiceConfig service, CatalogEndpoint endpoint, HealthCheck.Active check) {
        // Endpoint hosts are resolved here, outside the timeout; catalog addresses are normally IP literals.
        var address = new InetSocketAddress(endpoint.address().host(), endpoint.address().port());
        if (address.isUnresolved()) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.clamp(check.timeout().toMillis(), 1, Integer.MAX_VALUE));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
