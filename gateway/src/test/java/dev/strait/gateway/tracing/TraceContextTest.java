package dev.strait.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT = "00f067aa0ba902b7";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // traceparent,                                                  flags kept
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01,                   1",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00,                   0",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09,                   9",
            // Later versions: the first four fields are read, only the sampled flag is kept.
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01,                   1",
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next,   1",
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-08-,                  0",
            "fe-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff-0123,              1",
    })
    void aValidTraceparentIsReadAsTraceParentAndFlags(String traceparent, int flags) {
        Optional<TraceContext> parsed = TraceContext.parse(traceparent);

        assertThat(parsed).hasValue(new TraceContext(TRACE, PARENT, flags, ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @NullAndEmptySource
    @ValueSource(strings = {
            "00",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
            // version ff is forbidden; a version must be two lower-case hex digits
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            // version 00 has exactly four fields
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",
            // a later version's fifth field must follow a dash
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
            // upper-case hex
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
            // all-zero ids
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            // wrong lengths
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b77-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001",
            // not hex, wrong separators
            "00-4bf92f3577b34da6a3ce929d0e0e473x-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0z",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
            " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    })
    void anInvalidTraceparentIsNoContext(String traceparent) {
        assertThat(TraceContext.parse(traceparent)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource({
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01,                 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-a5,                 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-a5",
            // A later version is sent on as the version this gateway knows.
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next, 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    })
    void aContextIsFormattedAsVersion00(String received, String sent) {
        assertThat(TraceContext.parse(received).orElseThrow().traceparent()).isEqualTo(sent);
    }

    @Test
    void flagsAreTwoLowerCaseHexDigits() {
        assertThat(new TraceContext(TRACE, PARENT, 0, "").traceparent()).endsWith("-00");
        assertThat(new TraceContext(TRACE, PARENT, 0x0b, "").traceparent()).endsWith("-0b");
        assertThat(new TraceContext(TRACE, PARENT, 0xff, "").traceparent()).endsWith("-ff");
        assertThat(new TraceContext(TRACE, PARENT, 1, "").sampled()).isTrue();
        assertThat(new TraceContext(TRACE, PARENT, 2, "").sampled()).isFalse();
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("00000000000000000000000000000000", PARENT, 1, "", "trace id"),
                Arguments.of(TRACE.toUpperCase(), PARENT, 1, "", "trace id"),
                Arguments.of(TRACE + "0", PARENT, 1, "", "trace id"),
                Arguments.of(TRACE, "0000000000000000", 1, "", "parent id"),
                Arguments.of(TRACE, PARENT.substring(1), 1, "", "parent id"),
                Arguments.of(TRACE, PARENT, 256, "", "trace flags"),
                Arguments.of(TRACE, PARENT, -1, "", "trace flags"),
                Arguments.of(TRACE, PARENT, 1, "Congo=1", "tracestate"),
                Arguments.of(TRACE, PARENT, 1, " , ", "tracestate"));
    }

    @ParameterizedTest(name = "{4}: {0} {1} {2} \"{3}\"")
    @MethodSource("invalidValues")
    void aContextOfInvalidValuesCannotBeMade(String traceId, String parentId, int flags, String traceState, String what) {
        assertThatThrownBy(() -> new TraceContext(traceId, parentId, flags, traceState))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(what)
                .hasMessageContaining("(expected: ");
    }

    static Stream<Arguments> traceStates() {
        String member = "k%02d=v";
        String thirtyTwo = IntStream.range(0, 32).mapToObj(member::formatted).collect(Collectors.joining(","));
        String thirtyThree = IntStream.range(0, 33).mapToObj(member::formatted).collect(Collectors.joining(","));
        // 512 characters: the most that is passed on.
        String longest = "a=" + "x".repeat(256) + ",b=" + "y".repeat(251);
        return Stream.of(
                Arguments.of("congo=t61rcWkgMzE", 1),
                Arguments.of("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", 2),
                Arguments.of(" rojo=1 ,\tcongo=2 ", 2),
                Arguments.of("a=1,,b=2,", 2),
                Arguments.of("", 0),
                Arguments.of(" , ,", 0),
                Arguments.of("tenant@system=v", 1),
                Arguments.of("0tenant@sys=v", 1),
                Arguments.of("a_b-c*d/e=x y!~", 1),
                Arguments.of("a=" + "x".repeat(256), 1),
                Arguments.of(thirtyTwo, 32),
                Arguments.of(longest, 2),
                // what breaks the rules
                Arguments.of(thirtyThree, -1),
                Arguments.of(longest + "y", -1),
                Arguments.of("a=" + "x".repeat(257), -1),
                Arguments.of("Congo=1", -1),
                Arguments.of("1abc=v", -1),
                Arguments.of("_a=v", -1),
                Arguments.of("a=", -1),
                Arguments.of("=v", -1),
                Arguments.of("a", -1),
                Arguments.of("a=b=c", -1),
                Arguments.of("a =b", -1),
                Arguments.of("a=b\tc", -1),
                Arguments.of("a=caf\u00e9", -1),
                Arguments.of("a@b@c=v", -1),
                Arguments.of("t@Sys=v", -1),
                Arguments.of("t@1sys=v", -1),
                Arguments.of("t@abcdefghijklmno=v", -1),
                Arguments.of("@sys=v", -1),
                Arguments.of("t@=v", -1),
                Arguments.of("a=1,b=2,a=3", -1),
                Arguments.of("ok=1,bad key=2", -1));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" has {1} members")
    @MethodSource("traceStates")
    void traceStateFollowsTheListRules(String traceState, int members) {
        assertThat(TraceContext.traceStateMembers(traceState)).isEqualTo(members);
        TraceContext context = new TraceContext(TRACE, PARENT, 1, "").withTraceState(traceState);
        assertThat(context.traceState()).isEqualTo(members > 0 ? traceState : "");
    }

    @Test
    void freshIdsAreLowerCaseHexAndNeverAllZero() {
        // The generator's first draws are zero: they are drawn again.
        ScriptedRandom random = new ScriptedRandom(0, 0, 0, 0x00f067aa0ba902b7L, -1, 0, 0x4bf92f3577b34da6L);

        assertThat(TraceContext.newSpanId(random)).isEqualTo("00f067aa0ba902b7");
        assertThat(TraceContext.newTraceId(random)).isEqualTo("ffffffffffffffff0000000000000000");
        assertThat(TraceContext.newSpanId(random)).isEqualTo("4bf92f3577b34da6");
    }
}
