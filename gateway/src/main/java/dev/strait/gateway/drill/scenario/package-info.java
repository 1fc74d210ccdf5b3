/**
 * Drill scenarios: the load, the timeline of faults and the expectations of a failover drill, as
 * records; {@code docs/drills.md} describes their YAML.
 *
 * <p>Starting points: {@link dev.strait.gateway.drill.scenario.Scenario} (the model),
 * {@link dev.strait.gateway.drill.scenario.ScenarioLoader} (YAML to records, every problem at its
 * line and column, and the check against a federation) and
 * {@link dev.strait.gateway.drill.scenario.ScenarioWriter} (records back to YAML). Reading is
 * guarded against hostile files the way the federation config's is ({@code GuardedYamlReader},
 * {@code ScenarioLimits}); {@code ScenarioBinder} binds, {@code ScenarioRules} checks across
 * elements and {@code FederationReferences} checks names against a federation.
 */
package dev.strait.gateway.drill.scenario;
