/**
 * The {@code strait} command line ({@link dev.strait.gateway.cli.Main}): run, validate, certs
 * init, plan, apply, status, echo and demo. Commands that call a node's admin API do so through
 * {@link dev.strait.gateway.cli.AdminClient}, which sends the admin token. Exit codes: 0 success,
 * 1 failure, 2 usage error.
 */
package dev.strait.gateway.cli;
