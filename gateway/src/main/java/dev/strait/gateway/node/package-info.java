/**
 * A running gateway node, assembled from the federation config: {@link
 * dev.strait.gateway.node.GatewayNode#start} builds the routing snapshot, the TLS setups, the
 * pipeline and the listeners.
 */
package dev.strait.gateway.node;
