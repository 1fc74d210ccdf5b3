package dev.strait.gateway.upstream;

import dev.strait.policy.traffic.HeaderEdits;
import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import dev.strait.policy.traffic.RouteSettings;
import dev.strait.policy.traffic.SelectedRoute;
import java.time.Duration;

/**
 * How one call is retried, timed and edited: its traffic route's settings where the route sets
 * them, else the gateway's defaults ({@link Forwarding.Settings}).
 *
 * @param retries          when and how often the call moves to another attempt
 * @param perTryTimeout    how long one attempt waits for response headers
 * @param perTryEveryTry   whether the per-try timeout cuts every attempt short (a route's own
 *                         timeout), or only attempts that could still go elsewhere (the default)
 * @param callTimeout      how long all attempts together wait for response headers; zero for no limit
 * @param requestHeaders   edits to the request before it goes to an endpoint or another region
 * @param responseHeaders  edits to the response before it goes to the client
 */
record CallShape(RetryRules retries, Duration perTryTimeout, boolean perTryEveryTry, Duration callTimeout,
        HeaderEdits requestHeaders, HeaderEdits responseHeaders) {

    static CallShape of(SelectedRoute route, Forwarding.Settings defaults) {
        RouteSettings settings = route.settings();
        RetryRules retries = settings.retries().orElseGet(() -> defaults.maxAttempts() == RetryRules.DEFAULT.attempts()
                ? RetryRules.DEFAULT
                : new RetryRules(defaults.maxAttempts(), RetryRules.DEFAULT.on(), RetryRules.DEFAULT.statuses(),
                        RetryRules.DEFAULT.backoff()));
        return new CallShape(retries,
                settings.perTryTimeout().orElse(defaults.perTryTimeout()),
                settings.perTryTimeout().isPresent(),
                settings.timeout().orElse(defaults.callTimeout()),
                settings.requestHeaders(),
                settings.responseHeaders());
    }

    int maxAttempts() {
        return retries.attempts();
    }

    /** Whether some answers (by status) are dropped so the call can be sent again. */
    boolean retriesOnStatus() {
        return retries.retriesOn(RetryOn.SERVER_ERROR) || retries.retriesOn(RetryOn.GATEWAY_ERROR)
                || retries.retriesOn(RetryOn.RETRIABLE_STATUS);
    }
}
