package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Pipeline;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A call through {@link Forwarding}, run on a virtual thread as the server runs it, done when the pipeline returns. */
final class VirtualThreadCall {
    private VirtualThreadCall() {}

    static CompletableFuture<Void> forward(Forwarding forwarding, Exchange exchange) {
        Pipeline pipeline = new Pipeline(List.of(forwarding));
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("call").start(() -> {
            try {
                pipeline.handle(exchange);
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
