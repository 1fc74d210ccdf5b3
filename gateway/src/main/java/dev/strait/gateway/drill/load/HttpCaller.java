package dev.strait.gateway.drill.load;

import dev.strait.gateway.drill.scenario.LoadSpec;
import dev.strait.gateway.pipeline.StraitHeaders;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpVersion;

/** One plain HTTP call through the shared Jetty client. */
final class HttpCaller implements Caller {
    private final HttpClient client;
    private final URI uri;
    private final LoadSpec.Request.Http request;
    private final HttpVersion version;
    private final long timeoutMillis;
    private final byte[] body;

    HttpCaller(LoadTransport transport, LoadTarget target, LoadSpec.Request.Http request) {
        this.client = transport.http(target);
        this.uri = URI.create("http://" + target.authority() + ":" + target.baseUrl().getPort()
                + (request.path().startsWith("/") ? "" : "/") + request.path());
        this.request = request;
        this.version = target.protocol() == LoadTarget.HttpProtocol.H2C ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1;
        this.timeoutMillis = transport.callTimeout().toMillis();
        if (request.bodyBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bodyBytes " + request.bodyBytes() + " is out of range (expected: at most 2 GiB)");
        }
        this.body = new byte[(int) request.bodyBytes()];
    }

    @Override
    public Answer call() {
        Request outgoing = client.newRequest(uri)
                .method(request.method())
                .version(version)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
        if (body.length > 0) {
            outgoing.body(new BytesRequestContent("application/octet-stream", body));
        }
        try {
            ContentResponse response = outgoing.send();
            return new Answer(new CallResult.Outcome.Http(response.getStatus()),
                    Answer.region(response.getHeaders().get(StraitHeaders.REGION)),
                    Optional.ofNullable(response.getHeaders().get(StraitHeaders.ERROR)).filter(s -> !s.isBlank()));
        } catch (TimeoutException e) {
            return Answer.noAnswer("timeout after " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof TimeoutException ? e.getCause() : e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                return Answer.noAnswer("timeout after " + timeoutMillis + " ms");
            }
            return Answer.noAnswer(reason(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.noAnswer("interrupted");
        }
    }

    static String reason(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
