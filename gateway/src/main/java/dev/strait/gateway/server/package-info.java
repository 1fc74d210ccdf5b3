/**
 * Jetty at the edge: {@link dev.strait.gateway.server.GatewayServer} binds a node's local, peer
 * and admin listeners, runs calls on virtual threads, adapts each request into a pipeline
 * exchange, and answers errors (its own and Jetty's parser rejections) in the gateway's JSON
 * format. The peer listener keeps out the gateways of a region whose link a drill fault cuts
 * ({@code PeerLinkGuard}). The only package that uses Jetty's server types.
 */
package dev.strait.gateway.server;
