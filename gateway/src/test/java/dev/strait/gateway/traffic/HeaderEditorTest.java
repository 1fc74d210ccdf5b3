package dev.strait.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.traffic.HeaderEdits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderEditorTest {
    private static final List<String> MESSAGE = List.of("Accept: */*", "X-Debug: 1", "x-env: staging", "X-ENV: qa",
            "x-via: edge");

    static Stream<Arguments> edits() {
        return Stream.of(
                Arguments.of("remove drops every value, whatever the case",
                        edits(Map.of(), Map.of(), List.of("x-debug", "x-env")),
                        List.of("accept: */*", "x-via: edge")),
                Arguments.of("set replaces every value with one",
                        edits(Map.of("x-env", "prod"), Map.of(), List.of()),
                        List.of("accept: */*", "x-debug: 1", "x-env: prod", "x-via: edge")),
                Arguments.of("set writes a header the message lacks",
                        edits(Map.of("x-team", "payments"), Map.of(), List.of()),
                        List.of("accept: */*", "x-debug: 1", "x-env: staging", "x-env: qa", "x-via: edge",
                                "x-team: payments")),
                Arguments.of("add appends a value to those there",
                        edits(Map.of(), Map.of("x-via", "strait"), List.of()),
                        List.of("accept: */*", "x-debug: 1", "x-env: staging", "x-env: qa", "x-via: edge",
                                "x-via: strait")),
                Arguments.of("add writes a header the message lacks",
                        edits(Map.of(), Map.of("x-region", "eu-west"), List.of()),
                        List.of("accept: */*", "x-debug: 1", "x-env: staging", "x-env: qa", "x-via: edge",
                                "x-region: eu-west")),
                Arguments.of("remove of an absent header changes nothing",
                        edits(Map.of(), Map.of(), List.of("server")),
                        List.of("accept: */*", "x-debug: 1", "x-env: staging", "x-env: qa", "x-via: edge")),
                Arguments.of("all three at once",
                        edits(Map.of("x-env", "prod"), Map.of("x-via", "strait"), List.of("x-debug")),
                        List.of("accept: */*", "x-env: prod", "x-via: edge", "x-via: strait")),
                Arguments.of("names written in upper case in the config match too",
                        edits(Map.of("X-Env", "prod"), Map.of(), List.of("X-DEBUG")),
                        List.of("accept: */*", "x-env: prod", "x-via: edge")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void editsTheHeaders(String description, HeaderEdits edits, List<String> expected) {
        HttpFields.Mutable headers = message();

        HeaderEditor.apply(edits, headers);

        assertThat(lines(headers)).containsExactlyElementsOf(expected);
    }

    @Test
    void noEditsLeaveTheHeadersAsTheyWere() {
        HttpFields.Mutable headers = message();

        HeaderEditor.apply(HeaderEdits.NONE, headers);
        HeaderEditor.apply(edits(Map.of(), Map.of(), List.of()), headers);

        assertThat(lines(headers)).containsExactly("accept: */*", "x-debug: 1", "x-env: staging", "x-env: qa", "x-via: edge");
    }

    private static HeaderEdits edits(Map<String, String> set, Map<String, String> add, List<String> remove) {
        return new HeaderEdits(new LinkedHashMap<>(set), new LinkedHashMap<>(add), remove);
    }

    private static HttpFields.Mutable message() {
        HttpFields.Mutable headers = HttpFields.build();
        for (String line : MESSAGE) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon), line.substring(colon + 2));
        }
        return headers;
    }

    private static List<String> lines(HttpFields headers) {
        return headers.stream().map(HeaderEditorTest::line).toList();
    }

    private static String line(HttpField field) {
        return field.getName().toLowerCase(Locale.ROOT) + ": " + field.getValue();
    }
}
