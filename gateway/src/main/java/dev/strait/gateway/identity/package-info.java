/**
 * Who is calling: {@link dev.strait.gateway.identity.Caller}, decided by
 * {@link dev.strait.gateway.identity.CallerIdentification} from the connection's certificate and,
 * on the peer listener, the {@code x-strait-source} a gateway of the caller's region asserts.
 */
package dev.strait.gateway.identity;
