/**
 * The {@code strait} command line ({@link dev.strait.gateway.cli.Main}): run, validate, certs
 * init, echo and demo. Exit codes: 0 success, 1 failure, 2 usage error.
 */
package dev.strait.gateway.cli;
