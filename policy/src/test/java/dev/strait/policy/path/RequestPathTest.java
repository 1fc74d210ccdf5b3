package dev.strait.policy.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A {@code RequestPath} only ever holds a normalized path, so later stages can match it as it is. */
class RequestPathTest {
    @Test
    void theUpstreamGetsThePathAndTheQueryAsSent() {
        assertThat(new RequestPath("/a/b", Optional.empty()).target()).isEqualTo("/a/b");
        assertThat(new RequestPath("/a/b", Optional.of("")).target()).isEqualTo("/a/b?");
        assertThat(new RequestPath("/a/b", Optional.of("x=/../%zz&y")).target()).isEqualTo("/a/b?x=/../%zz&y");
        assertThat(new RequestPath("/a%2Fb", Optional.empty())).hasToString("/a%2Fb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "//a", "/a//b", "/.", "/a/..", "/a/./b", "/..;/a", "/a%2e", "/a%41", "/a%3a",
        "/a%", "/a%2", "/a%00", "/a b", "/a\\b", "/a?b", "/a#b", "/caf\u00e9"})
    void refusesAPathThatIsNotNormalized(String path) {
        assertThatThrownBy(() -> new RequestPath(path, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a normalized path: it ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a#b", "a\r\nb", "\u00e9", "a<b>"})
    void refusesAQueryThatCannotBeForwarded(String query) {
        assertThatThrownBy(() -> new RequestPath("/", Optional.of(query)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be percent-encoded");
    }
}
