package dev.strait.it.security;

import dev.strait.it.support.RawHttp;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.model.AddressRange;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Two regions where east's local callers are told apart by source address ({@code 127.0.0.2} is
 * service {@code checkout}, {@code 127.0.0.3} is service {@code legacy}, anyone else anonymous),
 * and west serves {@code orders} from a {@link RequestRecorder} with these rules:
 * <pre>
 * deny  service:legacy  methods [DELETE]
 * allow service:checkout  methods [GET]  paths [prefix /api]  headers [x-env = prod]
 * allow service:legacy  paths [prefix /api]
 * </pre>
 * East serves {@code web} only to {@code service:checkout}.
 */
final class PolicyFederation implements AutoCloseable {
    static final String CHECKOUT = "127.0.0.2";
    static final String LEGACY = "127.0.0.3";
    static final String ANONYMOUS = "127.0.0.1";
    static final String CHECKOUT_ID = "spiffe://strait.test/region/east/service/checkout";
    static final String LEGACY_ID = "spiffe://strait.test/region/east/service/legacy";

    final RequestRecorder orders;
    final TwoRegions federation;

    private PolicyFederation(RequestRecorder orders, TwoRegions federation) {
        this.orders = orders;
        this.federation = federation;
    }

    static PolicyFederation start(Path directory) throws Exception {
        RequestRecorder orders = new RequestRecorder();
        try {
            TwoRegions federation = new TwoRegions(directory)
                    .withWestService("orders", Protocol.HTTP1, orders.address())
                    .withAuthorization("orders",
                            AuthorizationRule.of(Action.DENY, List.of(CallerPattern.parse("service:legacy")))
                                    .withMethods(Set.of("DELETE")),
                            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:checkout")))
                                    .withMethods(Set.of("GET"))
                                    .withPaths(List.of(PathMatch.prefix("/api")))
                                    .withHeaders(List.of(new HeaderMatch("x-env", new HeaderMatch.Exact("prod")))),
                            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:legacy")))
                                    .withPaths(List.of(PathMatch.prefix("/api"))))
                    .withAuthorization("web",
                            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:checkout"))))
                    .withLocalCallers(TwoRegions.EAST,
                            new LocalCaller(AddressRange.parse(CHECKOUT), new ServiceName("checkout")),
                            new LocalCaller(AddressRange.parse(LEGACY), new ServiceName("legacy")));
            return new PolicyFederation(orders, federation.start());
        } catch (Exception e) {
            orders.close();
            throw e;
        }
    }

    /** Sends one HTTP/1.1 request to east's local listener from {@code source}; extra header lines end in CRLF. */
    Answer call(String source, String method, String host, String path, String headerLines) throws IOException {
        String response = RawHttp.exchangeFrom(source, federation.node(TwoRegions.EAST).localPort(),
                method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + headerLines + "Connection: close\r\n\r\n");
        return Answer.parse(response);
    }

    /** A response as the client saw it. */
    record Answer(int status, Optional<String> error, String body, String raw) {
        static Answer parse(String raw) {
            int status = RawHttp.statusCode(raw.lines().findFirst().orElse(""));
            int end = raw.indexOf("\r\n\r\n");
            Optional<String> error = Optional.empty();
            for (String line : raw.substring(0, Math.max(end, 0)).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("x-strait-error:")) {
                    error = Optional.of(line.substring("x-strait-error:".length()).trim());
                }
            }
            return new Answer(status, error, end < 0 ? "" : raw.substring(end + 4), raw);
        }

        @Override
        public String toString() {
            return raw;
        }
    }

    @Override
    public void close() throws IOException {
        federation.close();
        orders.close();
    }
}
