/** Route selection: resolves a call's authority against the routing snapshot ({@link dev.strait.gateway.routing.RouteSelection}). */
package dev.strait.gateway.routing;
