package dev.strait.gateway.pipeline;

import java.util.List;

/** An ordered list of stages; {@link #handle(Exchange)} runs them for one call. */
public final class Pipeline {
    private final List<Filter> filters;

    public Pipeline(List<Filter> filters) {
        this.filters = List.copyOf(filters);
    }

    public void handle(Exchange exchange) throws GatewayException {
        new FilterChain(filters, 0).proceed(exchange);
    }
}
