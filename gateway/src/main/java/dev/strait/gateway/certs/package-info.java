/**
 * Certificate issuance for a federation, with BouncyCastle: what {@code strait certs init} runs,
 * and what tests use to make valid, expired and foreign certificates.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.strait.gateway.certs.FederationCertificates#issue} writes a root CA, one
 *       intermediate per region, and a leaf for every gateway node and service, in the layout of
 *       {@link dev.strait.policy.model.CertificateLayout}. A second run keeps the root (peers already
 *       trust it) and issues only what is missing, expired or changed;
 *       {@link dev.strait.gateway.certs.ExistingCertificates#REPLACE} replaces everything.</li>
 *   <li>{@link dev.strait.gateway.certs.CertificateAuthority} is the lower level: a new root,
 *       intermediates, and leaves for any {@link dev.strait.gateway.certs.LeafSpec} (any SANs or none,
 *       any {@link dev.strait.gateway.certs.Validity}, past ones included).</li>
 * </ul>
 *
 * <p>Every key is EC P-256 and signed with SHA256withECDSA by the JDK's providers; leaves carry
 * serverAuth and clientAuth, so one certificate serves both sides of mTLS. Node leaves name the
 * node's SPIFFE ID ({@code spiffe://<td>/region/<r>/node/<n>}) and its addresses; service leaves
 * their SPIFFE ID, loopback, and their endpoints' hosts. Private keys are written PKCS#8 and 0600.
 */
package dev.strait.gateway.certs;
