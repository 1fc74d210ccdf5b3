/**
 * Authorization on the request path: {@link dev.strait.gateway.authorization.Authorization}
 * decides each call to one of this region's services with the routing snapshot's compiled rules
 * ({@code dev.strait.policy.authz}) and refuses a denied call with {@code 403 denied}.
 */
package dev.strait.gateway.authorization;
