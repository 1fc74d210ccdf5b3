package dev.strait.gateway.echo;

import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Clients and fixtures shared by the echo tests. */
final class EchoClients {
    static final ServiceName PAYMENTS = ServiceName.of("payments");
    static final RegionName US_EAST = RegionName.of("us-east");
    static final EndpointId ENDPOINT = EndpointId.of("payments-1");

    private EchoClients() {}

    static EchoOptions options() {
        return EchoOptions.loopback(PAYMENTS, US_EAST, ENDPOINT);
    }

    /** A started Jetty client speaking h2c with prior knowledge. */
    static HttpClient h2c() throws Exception {
        var client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
        client.start();
        return client;
    }

    /** A started Jetty client offering h2 and http/1.1 by ALPN over TLS. */
    static HttpClient tls(SslContextFactory.Client ssl) throws Exception {
        var connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        var h2 = new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector));
        var client = new HttpClient(new HttpClientTransportDynamic(connector, h2, HttpClientConnectionFactory.HTTP11));
        client.start();
        return client;
    }

    static JsonNode json(String body) {
        return JsonMapper.shared().readTree(body);
    }

    /** Reads a generated body to its end, failing at the first byte that is not the pattern; returns its length. */
    static long verifyGenerated(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long offset = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                if (buffer[i] != GeneratedBytes.byteAt(offset + i)) {
                    throw new AssertionError("byte " + (offset + i) + " is " + buffer[i] + ", expected " + GeneratedBytes.byteAt(offset + i));
                }
            }
            offset += n;
        }
        return offset;
    }
}
