package dev.strait.policy.config;

import java.util.List;

/**
 * The keys each mapping of the federation format accepts, in the order the reference lists them.
 * The binder checks documents against these, and a test checks the JSON Schema against them.
 */
final class FormatKeys {
    static final List<String> TOP_LEVEL = List.of("federation", "trustDomain", "meshSuffix", "certificates", "regions");
    static final List<String> REGION = List.of(
            "failover", "nodes", "services", "raft", "federation", "localCallers", "localListener");
    static final List<String> NODE = List.of("host", "adminHost", "ports", "tls");
    static final List<String> PORTS = List.of("local", "additionalLocal", "peer", "admin", "raft", "federation");
    static final List<String> TLS = List.of("certificateChain", "privateKey", "trustBundle");
    static final List<String> RAFT = List.of(
            "electionTimeoutMin", "electionTimeoutMax", "snapshotThreshold", "minFreeDisk", "writeTimeout");
    static final List<String> FEDERATION = List.of(
            "heartbeatInterval", "staleAfter", "probeInterval", "probeTimeout", "probeThreshold", "failbackRamp");
    static final List<String> SERVICE = List.of(
            "protocol", "upstreamTls", "upstreamIdentity", "exportTo", "failover", "endpoints", "healthCheck",
            "authorization", "traffic", "faults");
    static final List<String> ENDPOINT = List.of("id", "address", "metadata");
    static final List<String> HEALTH_CHECK = List.of(
            "http", "tcp", "interval", "timeout", "healthyThreshold", "unhealthyThreshold");
    static final List<String> AUTHORIZATION_RULE = List.of("action", "from", "methods", "paths", "headers");
    /** The keys of a path item, of which it has exactly one. */
    static final List<String> PATH_MATCH = List.of("exact", "prefix", "pattern");
    static final List<String> HEADER_MATCH = List.of("name", "exact", "prefix", "present", "absent");
    /** The keys of a header item of which it has exactly one: its condition. */
    static final List<String> HEADER_CONDITIONS = HEADER_MATCH.subList(1, HEADER_MATCH.size());
    static final List<String> LOCAL_CALLER = List.of("from", "service");
    static final List<String> LOCAL_LISTENER = List.of("tls", "clientCertificate", "identity", "warmUp");
    static final List<String> TRAFFIC = List.of("subsets", "timeout", "perTryTimeout", "retries", "circuitBreaker",
            "rateLimit", "requestHeaders", "responseHeaders", "routes");
    static final List<String> ROUTE = List.of("name", "match", "split", "timeout", "perTryTimeout", "retries", "rateLimit",
            "requestHeaders", "responseHeaders");
    static final List<String> ROUTE_MATCH = List.of("paths", "methods", "headers");
    static final List<String> DESTINATION = List.of("subset", "region", "weight");
    /** The keys of a split destination of which it has exactly one: where its calls go. */
    static final List<String> DESTINATION_KINDS = DESTINATION.subList(0, 2);
    static final List<String> RETRIES = List.of("attempts", "on", "statuses", "backoff");
    static final List<String> BACKOFF = List.of("base", "max");
    static final List<String> CIRCUIT_BREAKER = List.of("maxConnections", "maxPendingRequests", "maxRequests");
    static final List<String> RATE_LIMIT = List.of("requestsPerSecond", "burst");
    static final List<String> HEADER_EDITS = List.of("set", "add", "remove");
    static final List<String> FAULT = List.of("id", "path", "method", "delay", "abort", "until");
    static final List<String> FAULT_DELAY = List.of("duration", "percent");
    static final List<String> FAULT_ABORT = List.of("status", "percent");

    private FormatKeys() {}
}
