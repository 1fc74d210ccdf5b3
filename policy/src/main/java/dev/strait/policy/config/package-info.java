/**
 * Loads the federation YAML config into the immutable records of {@code dev.strait.policy.model},
 * reporting every problem at once as {@code FILE:LINE:COL: element: message}. Start at
 * {@link dev.strait.policy.config.FederationConfigLoader} and {@link dev.strait.policy.config.LoadOptions};
 * failures are a {@link dev.strait.policy.config.ConfigException} holding
 * {@link dev.strait.policy.config.ConfigProblem}s. Everything else here is package-private and runs
 * in this order: {@code YamlTreeReader} composes the text into a node graph with positions
 * ({@code GuardedParser} refuses hostile documents while it is read); {@code StructureCheck} and
 * {@code ExpansionCheck} check the graph's shape and size; {@code FederationBinder} and the binders
 * it calls turn it into records in one pass, noting where each element came from in a
 * {@code SourceMap} ({@code AuthorizationBinder} also judges each service's rules as a whole); then
 * each {@code ConfigRule} checks what spans elements (references to regions and from callers, port
 * clashes, certificate files), and a config that passed is compiled once more as the gateway will.
 * The format and its rules are described in {@code docs/config.md}.
 */
package dev.strait.policy.config;
