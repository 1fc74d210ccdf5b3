package dev.strait.gateway.echo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/**
 * The request headers as the echo reports them: lower-cased names (so HTTP/1.1 and HTTP/2 look
 * alike) in arrival order, each with its values.
 */
record ReceivedHeaders(Map<String, List<String>> values) {
    ReceivedHeaders {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        // A LinkedHashMap keeps arrival order, which Map.copyOf would not.
        values = Collections.unmodifiableMap(copy);
    }

    static ReceivedHeaders of(Request request) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            values.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(field.getValue());
        }
        return new ReceivedHeaders(values);
    }

    /** Each header's values joined with ',', as HTTP allows for repeated fields. */
    Map<String, String> joined() {
        Map<String, String> joined = new LinkedHashMap<>();
        values.forEach((name, list) -> joined.put(name, String.join(",", list)));
        return joined;
    }
}
