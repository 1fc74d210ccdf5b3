package dev.strait.gateway.drill.run;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Watches the certificate a node runs with through its {@code GET /v1/status}
 * ({@code certificate.notAfter}): a drill that replaces a certificate waits until the node has
 * loaded the new one, or until the one it runs with has expired.
 */
final class CertificateWatch {
    private static final Duration POLL = Duration.ofMillis(100);

    private final AdminCalls admin;

    CertificateWatch(AdminCalls admin) {
        this.admin = admin;
    }

    /** The end of validity of the certificate the node at {@code node} runs with, as its status gives it. */
    String notAfter(URI node) throws DrillRunException, InterruptedException {
        return admin.status(node).path("certificate").path("notAfter").asString("");
    }

    /** Waits until the node at {@code node} runs with a certificate other than the one valid until {@code before}. */
    void awaitChanged(URI node, String before, Duration patience) throws DrillRunException, InterruptedException {
        await(node, patience, "a certificate other than the one valid until " + before, notAfter -> !notAfter.equals(before));
    }

    /** Waits until the certificate the node at {@code node} runs with has expired. */
    void awaitExpired(URI node, Duration patience) throws DrillRunException, InterruptedException {
        await(node, patience, "an expired certificate", notAfter -> !notAfter.isEmpty() && Instant.parse(notAfter).isBefore(Instant.now()));
    }

    private void await(URI node, Duration patience, String expected, Predicate<String> seen)
            throws DrillRunException, InterruptedException {
        long end = System.nanoTime() + patience.toNanos();
        String last = "";
        while (true) {
            try {
                last = notAfter(node);
                if (seen.test(last)) {
                    return;
                }
            } catch (DrillRunException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException(node + " did not run with " + expected + " within " + patience.toSeconds()
                        + " s (last seen: certificate valid until " + last + ")");
            }
            Thread.sleep(POLL);
        }
    }
}
