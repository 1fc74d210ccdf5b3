/**
 * Taking a node out of service without failing calls.
 *
 * <p>Starting point: {@link dev.strait.gateway.operations.Drain}, started by {@code POST
 * /v1/drain} or by SIGTERM to {@code strait run}. It runs the node's {@link
 * dev.strait.gateway.operations.Drain.Steps} in order:
 * <pre>
 *  begin ─► 1. /readyz answers 503, listeners stop accepting, HTTP/2 GOAWAY, HTTP/1.1 Connection: close
 *           2. calls in flight finish (at most until the deadline: now + drain timeout)
 *           3. the node closes
 * </pre>
 * {@link dev.strait.gateway.operations.DrainStatus} is what the admin API shows of it.
 */
package dev.strait.gateway.operations;
