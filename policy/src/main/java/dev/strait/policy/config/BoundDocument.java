package dev.strait.policy.config;

import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.TrustDomain;
import java.util.List;
import java.util.Optional;

/**
 * What the binder made of a document. {@code regions} holds every region whose name was valid,
 * with whatever of it bound, so that the rules can check references even in a broken document;
 * {@code trustDomain} is there when it bound, for the rules too; {@code config} is present only when
 * every top-level value bound. None of them leaves the loader unless the document had no problem at all.
 */
record BoundDocument(List<RegionConfig> regions, Optional<TrustDomain> trustDomain, Optional<FederationConfig> config) {}
