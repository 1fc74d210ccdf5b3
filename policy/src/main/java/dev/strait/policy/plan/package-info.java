/**
 * What applying a new federation config would change, computed from the applied config and the
 * new one alone, applying nothing: {@link dev.strait.policy.plan.ConfigPlan#between} lists the
 * {@link dev.strait.policy.plan.PlannedChange}s (regions, services and their fields, per region),
 * {@link dev.strait.policy.plan.ConfigPlan#withRoutes} adds how each region's candidate order
 * changes, and {@link dev.strait.policy.plan.PlanRenderer} prints it for {@code strait plan}.
 */
package dev.strait.policy.plan;
