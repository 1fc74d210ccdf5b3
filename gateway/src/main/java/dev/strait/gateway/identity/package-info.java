/**
 * Who is calling: {@link dev.strait.gateway.identity.Caller}, decided by
 * {@link dev.strait.gateway.identity.CallerIdentification}: on the local listener from the client
 * certificate (a workload of this region), else the region's {@code localCallers} (by source
 * address), else the listener's fixed identity, else anonymous; on the peer listener from the
 * {@code x-strait-source} a gateway of the caller's region asserts.
 * {@link dev.strait.gateway.identity.Caller#identity()} is the caller as authorization sees it.
 */
package dev.strait.gateway.identity;
