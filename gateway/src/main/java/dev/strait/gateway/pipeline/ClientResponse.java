package dev.strait.gateway.pipeline;

import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;

/**
 * The gateway-to-client response of one exchange. Status, headers and the trailers supplier must
 * be set before the first write; body writes follow {@link Content.Sink}'s callback contract.
 */
public interface ClientResponse extends Content.Sink {
    void status(int status);

    HttpFields.Mutable headers();

    /** Sets where trailers come from; called before the first write, read after the last. */
    void trailers(Supplier<HttpFields> trailers);

    boolean isCommitted();
}
