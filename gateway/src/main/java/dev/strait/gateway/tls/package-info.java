/**
 * TLS material for the data plane: PEM files into key stores, Jetty TLS configurations, and the
 * SPIFFE ID a peer presents.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.strait.gateway.tls.TlsMaterial#load} reads a
 *       {@link dev.strait.policy.model.TlsFiles} (chain, PKCS#8 key, trust bundle) into in-memory
 *       PKCS#12 stores.</li>
 *   <li>{@link dev.strait.gateway.tls.SslContexts} builds Jetty server and client
 *       {@code SslContextFactory}s: TLS 1.3 and 1.2 only, PKIX checks of chain and expiry, and
 *       peers verified by SPIFFE ID instead of host name.</li>
 *   <li>{@link dev.strait.policy.model.SpiffeIds} reads the SPIFFE ID from a certificate or TLS
 *       session.</li>
 *   <li>{@link dev.strait.gateway.tls.PemFiles} reads and writes the PEM files themselves.</li>
 *   <li>{@link dev.strait.gateway.tls.TlsFilesWatcher} reads a node's files again every few
 *       seconds and hands over new material once {@link dev.strait.gateway.tls.TlsMaterialCheck}
 *       finds it usable; {@link dev.strait.gateway.tls.SslContexts#reload} moves a Jetty setup to
 *       it for new handshakes, so certificates and roots rotate without a restart.</li>
 * </ul>
 */
package dev.strait.gateway.tls;
