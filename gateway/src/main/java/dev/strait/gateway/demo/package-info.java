/**
 * A whole federation in one process ({@link dev.strait.gateway.demo.LocalFederation}): echo
 * backends at every endpoint and every gateway node, for {@code strait demo} and for tests.
 */
package dev.strait.gateway.demo;
