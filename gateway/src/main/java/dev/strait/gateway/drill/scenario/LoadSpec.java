package dev.strait.gateway.drill.scenario;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One stream of calls: an open-loop rate (calls start on schedule whether or not earlier ones
 * finished) from the local listener of a region's gateway to a service.
 *
 * @param name        names the load in the report
 * @param service     the callee, called as {@code <service>.<meshSuffix>} (failover-aware)
 * @param from        the calling region: its gateway's local listener takes the calls
 * @param rate        calls started per second
 * @param concurrency at most this many calls in flight; a call due while that many are running is
 *                    recorded as not sent ({@code overloaded}), never delayed
 * @param duration    how long this load runs; empty for the whole drill
 * @param request     what each call sends
 */
public record LoadSpec(String name, ServiceName service, RegionName from, double rate, int concurrency,
        Optional<Duration> duration, Request request) {
    public LoadSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(request, "request");
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate " + rate + " is out of range (expected: more than 0 calls per second)");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency " + concurrency + " is out of range (expected: 1 or more)");
        }
    }

    /** What one call sends. */
    public sealed interface Request {
        /**
         * An HTTP request ({@code GET /drill} by default).
         *
         * @param bodyBytes the size of a generated request body; 0 for none
         */
        record Http(String method, String path, long bodyBytes) implements Request {
            public Http {
                Objects.requireNonNull(method, "method");
                Objects.requireNonNull(path, "path");
            }
        }

        /** A unary gRPC call to {@code fullMethod}, such as {@code strait.echo.v1.Echo/Unary}. */
        record Grpc(String fullMethod) implements Request {
            public Grpc {
                Objects.requireNonNull(fullMethod, "fullMethod");
            }
        }
    }
}
