package dev.strait.gateway.pipeline;

import dev.strait.policy.authz.HeaderLookup;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The client's request headers as the authorization engine reads them, read in place: a header
 * sent more than once is its values joined by {@code ", "}, so an exact match cannot be dodged by
 * repeating the header.
 */
public final class RequestHeaders implements HeaderLookup {
    private final HttpFields headers;

    public RequestHeaders(HttpFields headers) {
        this.headers = headers;
    }

    @Override
    public Optional<String> value(String name) {
        String first = null;
        StringBuilder joined = null;
        for (int index = 0; index < headers.size(); index++) {
            HttpField field = headers.getField(index);
            if (!field.is(name)) {
                continue;
            }
            String value = field.getValue() == null ? "" : field.getValue();
            if (first == null) {
                first = value;
            } else {
                if (joined == null) {
                    joined = new StringBuilder(first);
                }
                joined.append(", ").append(value);
            }
        }
        return Optional.ofNullable(joined == null ? first : joined.toString());
    }
}
