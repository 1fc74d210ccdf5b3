/**
 * The federation config as immutable, validated values: {@link dev.strait.policy.model.FederationConfig}
 * and the records it holds (regions, nodes, services, endpoints), with each region's Raft tuning
 * ({@link dev.strait.policy.model.RaftTuning}) and federation settings
 * ({@link dev.strait.policy.model.FederationTuning}), and each service's active health check
 * ({@link dev.strait.policy.model.HealthCheck}); typed names such as
 * {@link dev.strait.policy.model.RegionName} that check themselves on construction, SPIFFE
 * identities ({@link dev.strait.policy.model.SpiffeId}) and where certificates live
 * ({@link dev.strait.policy.model.CertificateLayout}); drill faults on a service's calls
 * ({@link dev.strait.policy.model.Fault}) and on the link to another region
 * ({@link dev.strait.policy.model.LinkFault}). Nothing here reads files; values come from
 * {@code dev.strait.policy.config.FederationConfigLoader} or from code.
 */
package dev.strait.policy.model;
