/**
 * Who is calling: {@link dev.strait.gateway.identity.Caller}, decided by
 * {@link dev.strait.gateway.identity.CallerIdentification} from the connection's certificate, the
 * region's {@code localCallers} (by source address, on the local listener) and, on the peer
 * listener, the {@code x-strait-source} a gateway of the caller's region asserts.
 * {@link dev.strait.gateway.identity.Caller#identity()} is the caller as authorization sees it.
 */
package dev.strait.gateway.identity;
