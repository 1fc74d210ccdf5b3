#!/usr/bin/env python3
"""Opens many HTTP/1.1 keep-alive connections, sends one request on each, then holds them idle.

    idle_clients.py --port 28080 --connections 10000 --host-header svc-remote.bench.local --path /1k

At most --in-flight connections are connecting or waiting for their response at a time, so that
the listener's accept queue never overflows (a dropped SYN costs a one-second retransmit). Once
every connection has had its answer, prints one line to stdout:

    HELD held=<connections holding> failed=<connections that did not get a 200> open_seconds=<s>

and holds the connections, watching for the server closing any, until SIGTERM, SIGINT or
--hold-seconds; then prints "CLOSED_BY_SERVER <n>" and exits. Progress and errors go to stderr.
"""
import argparse
import errno
import selectors
import signal
import socket
import sys
import time


class Call:
    """One connection: connecting, then its one request, then idle."""

    def __init__(self, sock):
        self.sock = sock
        self.connected = False
        self.held = False
        self.received = b""


def response_complete(data):
    """(status, complete) for the bytes of one HTTP/1.1 response received so far."""
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return None, False
    head = data[:head_end].decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = data[head_end + 4:]
    if "content-length" in headers:
        return status, len(body) >= int(headers["content-length"])
    if headers.get("transfer-encoding", "").lower() == "chunked":
        return status, body.endswith(b"0\r\n\r\n")
    return status, False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--connections", type=int, required=True)
    parser.add_argument("--host-header", required=True)
    parser.add_argument("--path", default="/1k")
    parser.add_argument("--in-flight", type=int, default=128)
    parser.add_argument("--open-timeout", type=float, default=120.0, help="seconds to get every answer")
    parser.add_argument("--hold-seconds", type=float, default=300.0)
    args = parser.parse_args()

    request = (f"GET {args.path} HTTP/1.1\r\nHost: {args.host_header}\r\n"
               "Connection: keep-alive\r\n\r\n").encode("ascii")
    selector = selectors.DefaultSelector()
    pending = 0
    started = 0
    held = []
    failed = 0
    first_failure = None
    begin = time.monotonic()

    def fail(call, why):
        nonlocal pending, failed, first_failure
        selector.unregister(call.sock)
        call.sock.close()
        pending -= 1
        failed += 1
        first_failure = first_failure or why

    while (started < args.connections or pending > 0) and time.monotonic() - begin < args.open_timeout:
        while started < args.connections and pending < args.in_flight:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            code = sock.connect_ex((args.address, args.port))
            if code not in (0, errno.EINPROGRESS):
                sock.close()
                failed += 1
                first_failure = first_failure or f"connect: {errno.errorcode.get(code, code)}"
                started += 1
                continue
            selector.register(sock, selectors.EVENT_WRITE, Call(sock))
            started += 1
            pending += 1
        for key, _ in selector.select(timeout=1.0):
            call = key.data
            if not call.connected:
                code = call.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code != 0:
                    fail(call, f"connect: {errno.errorcode.get(code, code)}")
                    continue
                call.connected = True
                call.sock.send(request)  # a few dozen bytes: always fits the empty send buffer
                selector.modify(call.sock, selectors.EVENT_READ, call)
                continue
            try:
                chunk = call.sock.recv(65536)
            except OSError as e:
                fail(call, f"recv: {e}")
                continue
            if not chunk:
                fail(call, "closed before the response was complete")
                continue
            call.received += chunk
            status, complete = response_complete(call.received)
            if not complete:
                continue
            if status != 200:
                fail(call, f"status {status}")
                continue
            # Held from now on: still registered for reading, where only a close can arrive.
            call.received = b""
            call.held = True
            held.append(call)
            pending -= 1
    open_seconds = time.monotonic() - begin
    if pending:
        failed += pending
        first_failure = first_failure or f"{pending} without an answer after {args.open_timeout}s"
    print(f"HELD held={len(held)} failed={failed} open_seconds={open_seconds:.1f}", flush=True)
    if first_failure:
        print(f"idle_clients: first failure: {first_failure}", file=sys.stderr, flush=True)

    stop = False

    def on_signal(signum, frame):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    closed = 0
    held_until = time.monotonic() + args.hold_seconds
    while not stop and time.monotonic() < held_until:
        for key, _ in selector.select(timeout=0.5):
            call = key.data
            if not call.held:
                continue
            try:
                data = call.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                closed += 1
                selector.unregister(call.sock)
                call.sock.close()
    print(f"CLOSED_BY_SERVER {closed}", flush=True)


if __name__ == "__main__":
    main()
