/**
 * W3C Trace Context for calls through the gateway: {@link dev.strait.gateway.tracing.TraceContext}
 * parses and formats {@code traceparent} and checks {@code tracestate};
 * {@link dev.strait.gateway.tracing.Tracing}, the pipeline's first stage, makes each call one span
 * of this gateway: it continues the caller's trace (or starts one), records trace and span id for
 * the access log, and leaves on the exchange the context the upstream stage sends on, with this
 * gateway's span as the parent. A call that crosses regions is two spans, one per gateway.
 */
package dev.strait.gateway.tracing;
