package dev.strait.gateway.pipeline;

/**
 * One stage of the request path. It runs on the call's virtual thread, may block, and returns
 * only when the response is done: it either ends the call itself (or throws) or calls
 * {@code chain.proceed(exchange)}.
 */
@FunctionalInterface
public interface Filter {
    void filter(Exchange exchange, FilterChain chain) throws GatewayException;
}
