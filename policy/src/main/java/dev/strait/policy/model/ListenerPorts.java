package dev.strait.policy.model;

/**
 * The ports of a gateway node's listeners.
 *
 * @param local      plaintext HTTP/1.1 and h2c for the region's own services
 * @param peer       mTLS (h2 and HTTP/1.1) for gateways of other regions
 * @param admin      the admin HTTP API
 * @param raft       the region's Raft group
 * @param federation the federation gRPC protocol between regions
 */
public record ListenerPorts(int local, int peer, int admin, int raft, int federation) {}
