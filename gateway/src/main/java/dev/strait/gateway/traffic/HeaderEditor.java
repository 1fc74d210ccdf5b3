package dev.strait.gateway.traffic;

import dev.strait.policy.traffic.HeaderEdits;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;

/** Applies a route's header edits to a request or response on its way through the gateway. */
public final class HeaderEditor {
    private HeaderEditor() {}

    /**
     * Removes the {@code remove} headers, then replaces every value of each {@code set} header
     * (adding it when absent), then appends one value to each {@code add} header; names match
     * whatever their case. Reserved names (hop-by-hop, {@code x-strait-*}, pseudo-headers) never
     * reach here: {@link HeaderEdits} refuses them.
     */
    public static void apply(HeaderEdits edits, HttpFields.Mutable headers) {
        if (edits == HeaderEdits.NONE || edits.isEmpty()) {
            return;
        }
        for (String name : edits.remove()) {
            headers.remove(name);
        }
        for (Map.Entry<String, String> header : edits.set().entrySet()) {
            headers.put(header.getKey(), header.getValue());
        }
        for (Map.Entry<String, String> header : edits.add().entrySet()) {
            headers.add(header.getKey(), header.getValue());
        }
    }
}
