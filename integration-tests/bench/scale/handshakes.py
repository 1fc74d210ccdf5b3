#!/usr/bin/env python3
"""Times full mTLS handshakes, one after another, and what they cost the server's CPU.

    handshakes.py --port 28443 --sni gateway-b.bench.local --cert chain.pem --key key.pem \\
                  --ca root.pem --count 2000 --warmup 300 --server-pid 1234

Each connection is new and offers no session to resume, so every handshake is a full one
(ECDHE, both certificate chains verified). On it the client sends one HTTP/1.1 request for a
Host the server does not route and reads the status line: the answer proves the server accepted
the client's identity (a refusal closes the connection), and it is where the server has
certainly finished its side of the handshake. Then the connection is closed.

Prints one line to stdout:

    RESULT count=<n> failed=<f> server_cpu_ms=<ms per connection> handshake_p50_ms= handshake_p99_ms=
           first_response_p50_ms= first_response_p99_ms= statuses=<status:count,...>

handshake = TCP connect to the client's handshake done; first_response = to the status line.
server_cpu_ms = (utime+stime of --server-pid and its threads, over the measured connections) / n.
"""
import argparse
import os
import socket
import ssl
import sys
import time
from collections import Counter


def cpu_ticks(pid):
    """utime + stime of a process (all its threads), in clock ticks."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(len(sorted_values) * q + 0.5) - 1))
    return sorted_values[index]


def one_connection(context, args, request):
    """(handshake seconds, first response seconds, status) for one new connection."""
    start = time.perf_counter()
    with socket.create_connection((args.address, args.port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=args.sni) as tls:
            shaken = time.perf_counter()
            tls.sendall(request)
            received = b""
            while b"\r\n" not in received:
                chunk = tls.recv(4096)
                if not chunk:
                    raise ConnectionError("closed by the server before a status line")
                received += chunk
            answered = time.perf_counter()
    status = received.split(b"\r\n", 1)[0].split(b" ")[1].decode("ascii")
    return shaken - start, answered - start, status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sni", required=True)
    parser.add_argument("--cert", required=True, help="client chain, PEM (leaf first)")
    parser.add_argument("--key", required=True)
    parser.add_argument("--ca", required=True, help="trust anchor for the server's chain")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=0, help="unmeasured connections first")
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--host-header", default="handshake-probe.invalid")
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(args.ca)
    context.load_cert_chain(args.cert, args.key)
    # HTTP/1.1 only: the probe request is HTTP/1.1 text.
    context.set_alpn_protocols(["http/1.1"])
    request = f"GET / HTTP/1.1\r\nHost: {args.host_header}\r\nConnection: close\r\n\r\n".encode("ascii")

    failures = Counter()
    for _ in range(args.warmup):
        try:
            one_connection(context, args, request)
        except (OSError, ValueError) as e:
            failures[type(e).__name__] += 1

    handshakes, responses, statuses = [], [], Counter()
    before = cpu_ticks(args.server_pid)
    for _ in range(args.count):
        try:
            shaken, answered, status = one_connection(context, args, request)
        except (OSError, ValueError) as e:
            failures[f"{type(e).__name__}: {e}"] += 1
            continue
        handshakes.append(shaken)
        responses.append(answered)
        statuses[status] += 1
    after = cpu_ticks(args.server_pid)

    handshakes.sort()
    responses.sort()
    measured = len(handshakes)
    cpu_ms = (after - before) * 1000.0 / os.sysconf("SC_CLK_TCK") / max(measured, 1)
    ms = lambda values, q: f"{percentile(values, q) * 1000:.3f}"
    print(f"RESULT count={measured} failed={args.count - measured} server_cpu_ms={cpu_ms:.3f}"
          f" handshake_p50_ms={ms(handshakes, 0.50)} handshake_p99_ms={ms(handshakes, 0.99)}"
          f" first_response_p50_ms={ms(responses, 0.50)} first_response_p99_ms={ms(responses, 0.99)}"
          f" statuses={','.join(f'{s}:{n}' for s, n in sorted(statuses.items())) or 'none'}", flush=True)
    for why, n in failures.most_common(3):
        print(f"handshakes: {n} x {why}", file=sys.stderr)


if __name__ == "__main__":
    main()
