/**
 * The reports of failover drills: figures over time, verdicts on the expectations, and the
 * JSON, Markdown and HTML writers.
 *
 * <p>Start with {@link dev.strait.gateway.drill.report.DrillReport#of}, which takes the scenario
 * and the recorded calls, builds the {@link dev.strait.gateway.drill.report.Timeline} (250 ms
 * buckets) and the per-phase figures, and asks the
 * {@link dev.strait.gateway.drill.report.ExpectationJudge} for the verdicts; then write it with
 * {@link dev.strait.gateway.drill.report.ReportJson}, {@link dev.strait.gateway.drill.report.ReportMarkdown}
 * or {@link dev.strait.gateway.drill.report.ReportHtml}.
 */
package dev.strait.gateway.drill.report;
