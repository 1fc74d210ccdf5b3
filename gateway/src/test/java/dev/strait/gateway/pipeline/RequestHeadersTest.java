package dev.strait.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {
    @Test
    void readsAHeaderCaseInsensitively() {
        var headers = new RequestHeaders(HttpFields.build().add("X-Env", "prod").asImmutable());

        assertThat(headers.value("x-env")).contains("prod");
        assertThat(headers.value("x-other")).isEmpty();
    }

    @Test
    void joinsARepeatedHeaderInOrder() {
        var headers = new RequestHeaders(HttpFields.build()
                .add("x-env", "prod").add("accept", "*/*").add("X-ENV", "dev").add("x-env", "").asImmutable());

        assertThat(headers.value("x-env")).contains("prod, dev, ");
    }
}
