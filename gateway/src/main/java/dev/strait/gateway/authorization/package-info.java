/**
 * Authorization on the request path: {@link dev.strait.gateway.authorization.Authorization}
 * decides each call to one of this region's services with the routing snapshot's compiled rules
 * ({@code dev.strait.policy.authz}) and refuses a denied call with {@code 403 denied}; a local
 * call that other regions would serve is refused early when every one of them would deny it.
 */
package dev.strait.gateway.authorization;
