package dev.strait.policy.plan;

import dev.strait.policy.model.Fault;
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.Destination;
import dev.strait.policy.traffic.HeaderEdits;
import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import dev.strait.policy.traffic.RouteSettings;
import dev.strait.policy.traffic.Subset;
import dev.strait.policy.traffic.TrafficRoute;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** Traffic rules and faults as one line each, in the words of the config, for plans. */
final class TrafficText {
    private TrafficText() {}

    static String subset(Subset subset) {
        return labels(subset.labels());
    }

    static String route(TrafficRoute route) {
        StringJoiner text = new StringJoiner("; ");
        text.add("match " + route.match());
        if (!route.split().isEmpty()) {
            text.add("split " + route.split().stream().map(TrafficText::destination).collect(Collectors.joining(", ")));
        }
        String settings = settings(route.settings());
        if (!settings.isEmpty()) {
            text.add(settings);
        }
        return text.toString();
    }

    static String settings(RouteSettings settings) {
        StringJoiner text = new StringJoiner("; ");
        settings.timeout().ifPresent(timeout -> text.add("timeout " + ConfigPlanner.duration(timeout)));
        settings.perTryTimeout().ifPresent(timeout -> text.add("perTryTimeout " + ConfigPlanner.duration(timeout)));
        settings.retries().ifPresent(retries -> text.add(retries(retries)));
        settings.rateLimit().ifPresent(limit -> text.add("rateLimit " + limit.requestsPerSecond() + "/s burst " + limit.burst()));
        headers(text, "requestHeaders", settings.requestHeaders());
        headers(text, "responseHeaders", settings.responseHeaders());
        return text.toString();
    }

    static String circuitBreaker(CircuitBreaker breaker) {
        return "maxConnections " + breaker.maxConnections() + ", maxPendingRequests " + breaker.maxPendingRequests()
                + ", maxRequests " + breaker.maxRequests();
    }

    static String fault(Fault fault) {
        StringJoiner text = new StringJoiner("; ");
        fault.method().ifPresent(method -> text.add("method " + method));
        fault.pathPrefix().ifPresent(path -> text.add("path " + path));
        fault.delay().ifPresent(delay -> text.add("delay " + ConfigPlanner.duration(delay.duration()) + " " + delay.percent() + "%"));
        fault.abort().ifPresent(abort -> text.add("abort " + abort.status() + " " + abort.percent() + "%"));
        text.add("until " + Instant.ofEpochMilli(fault.expiresAtMillis()));
        return text.toString();
    }

    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

    private static String destination(Destination destination) {
        return destination + " " + destination.weight();
    }

    private static String retries(RetryRules retries) {
        String text = "retries " + retries.attempts() + " attempts on "
                + retries.on().stream().map(RetryOn::configName).sorted().collect(Collectors.joining(", ", "[", "]"));
        if (!retries.statuses().isEmpty()) {
            text += " statuses " + retries.statuses().stream().sorted().toList();
        }
        if (!retries.backoff().base().isZero()) {
            text += " backoff " + ConfigPlanner.duration(retries.backoff().base()) + ".." + ConfigPlanner.duration(retries.backoff().max());
        }
        return text;
    }

    private static void headers(StringJoiner text, String name, HeaderEdits edits) {
        if (edits.isEmpty()) {
            return;
        }
        StringJoiner parts = new StringJoiner(" ");
        if (!edits.set().isEmpty()) {
            parts.add("set " + labels(edits.set()));
        }
        if (!edits.add().isEmpty()) {
            parts.add("add " + labels(edits.add()));
        }
        if (!edits.remove().isEmpty()) {
            parts.add("remove " + edits.remove());
        }
        text.add(name + " " + parts);
    }
}
