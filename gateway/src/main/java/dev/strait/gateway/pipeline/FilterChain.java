package dev.strait.gateway.pipeline;

import java.util.List;

/** The stages after the current one. */
public final class FilterChain {
    private final List<Filter> filters;
    private final int next;

    FilterChain(List<Filter> filters, int next) {
        this.filters = filters;
        this.next = next;
    }

    /** Runs the next stage; past the last one there is nothing left to do. */
    public void proceed(Exchange exchange) throws GatewayException {
        if (next < filters.size()) {
            filters.get(next).filter(exchange, new FilterChain(filters, next + 1));
        }
    }
}
