package dev.strait.gateway.drill.load;

import java.net.URI;
import java.util.Objects;

/**
 * Where a load's calls go.
 *
 * @param baseUrl   the calling region's local listener, such as {@code http://127.0.0.1:15001}
 * @param authority the authority the calls carry, {@code <service>.<meshSuffix>}
 * @param protocol  how plain HTTP calls travel; gRPC calls always use h2c
 */
public record LoadTarget(URI baseUrl, String authority, HttpProtocol protocol) {
    public LoadTarget {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(protocol, "protocol");
        if (!"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null || baseUrl.getPort() < 0) {
            throw new IllegalArgumentException("base URL '" + baseUrl + "' is not valid (expected: http://host:port of a local listener)");
        }
        if (authority.isBlank() || authority.contains(":") || authority.contains("/")) {
            throw new IllegalArgumentException("authority '" + authority + "' is not valid (expected: <service>.<meshSuffix>, no port)");
        }
    }

    /** The target for {@code service} called through the listener at {@code baseUrl}. */
    public static LoadTarget of(URI baseUrl, String service, String meshSuffix, HttpProtocol protocol) {
        return new LoadTarget(baseUrl, service + "." + meshSuffix, protocol);
    }

    /** How plain HTTP calls travel. */
    public enum HttpProtocol {
        HTTP_1_1,
        /** HTTP/2 in clear text, by prior knowledge. */
        H2C
    }
}
