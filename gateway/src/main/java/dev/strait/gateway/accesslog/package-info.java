/**
 * The access log of a gateway node: {@link dev.strait.gateway.accesslog.AccessLog} is told of
 * every finished call and writes one JSON line for it, off the request path (a bounded queue and
 * one writer thread; lines that do not fit are dropped and counted), to standard output or a
 * file, as {@link dev.strait.gateway.accesslog.AccessLogSettings} ({@code strait run --access-log})
 * say. Calls that went well can be sampled; failed ones are always logged.
 */
package dev.strait.gateway.accesslog;
