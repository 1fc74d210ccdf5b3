package dev.strait.gateway.drill.scenario;

import java.util.List;

/** The keys of the scenario format, in the order the docs and the JSON schema list them. */
final class ScenarioKeys {
    static final List<String> TOP_LEVEL = List.of("drill", "description", "federation", "duration", "load", "timeline", "expectations");
    static final List<String> LOAD = List.of("name", "service", "from", "rate", "concurrency", "duration", "request");
    static final List<String> REQUEST = List.of("method", "path", "bodyBytes", "grpc");
    static final List<String> STEP = List.of("id", "at", "for", "fault");

    /** The fault kinds and the keys each takes besides {@code kind}. */
    static final List<String> FAULT_KINDS = List.of("fail-endpoints", "fail-region", "partition", "latency", "errors",
            "stop-node", "stop-leader", "rotate-certificate", "expire-certificate");

    /** The expectation kinds. */
    static final List<String> EXPECTATION_KINDS = List.of("max-error-rate", "traffic-moves-away", "traffic-returns",
            "latency", "no-committed-state-lost");

    static final int DEFAULT_CONCURRENCY = 64;
    static final String DEFAULT_METHOD = "GET";
    static final String DEFAULT_PATH = "/drill";
    static final int DEFAULT_PERCENT = 100;
    static final int DEFAULT_STATUS = 503;

    private ScenarioKeys() {}

    static List<String> faultKeys(String kind) {
        return switch (kind) {
            case "fail-endpoints" -> List.of("kind", "service", "region");
            case "fail-region", "stop-leader" -> List.of("kind", "region");
            case "partition" -> List.of("kind", "regions");
            case "latency" -> List.of("kind", "service", "region", "from", "to", "delay", "percent");
            case "errors" -> List.of("kind", "service", "region", "from", "to", "status", "percent");
            case "stop-node", "rotate-certificate", "expire-certificate" -> List.of("kind", "region", "node");
            default -> List.of("kind");
        };
    }

    static List<String> expectationKeys(String kind) {
        return switch (kind) {
            case "max-error-rate" -> List.of("kind", "phase", "max");
            case "traffic-moves-away" -> List.of("kind", "step", "from", "within");
            case "traffic-returns" -> List.of("kind", "step", "to", "within");
            case "latency" -> List.of("kind", "phase", "percentile", "max");
            case "no-committed-state-lost" -> List.of("kind");
            default -> List.of("kind");
        };
    }
}
