package dev.strait.gateway.accesslog;

import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Standard output for the access log: what is written is held until {@link #flush()}, then goes
 * to the stream in one write, so a batch of lines never interleaves with what other writers of
 * the same stream (other nodes of the process, the console log) write meanwhile.
 */
final class BatchedPrintStreamWriter extends Writer {
    private final PrintStream stream;
    // Touched by the access log's writer thread only.
    private final StringBuilder pending = new StringBuilder();

    BatchedPrintStreamWriter(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        pending.append(buffer, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
        pending.append(text, offset, offset + length);
    }

    @Override
    public void write(int c) {
        pending.append((char) c);
    }

    @Override
    public void flush() {
        if (!pending.isEmpty()) {
            byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
            pending.setLength(0);
            // PrintStream writes one array under its lock.
            stream.write(bytes, 0, bytes.length);
        }
        stream.flush();
    }

    /** Flushes; the stream stays open, since it is not the log's. */
    @Override
    public void close() {
        flush();
    }
}
