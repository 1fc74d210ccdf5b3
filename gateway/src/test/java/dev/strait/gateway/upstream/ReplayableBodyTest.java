package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.gateway.pipeline.PeekableBody;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;

class ReplayableBodyTest {
    private final ScriptedBody client = new ScriptedBody();

    private ReplayableBody body(int limit) {
        return new ReplayableBody(new PeekableBody(client), limit);
    }

    @Test
    void aLaterAttemptGetsWhatTheFirstSentThenTheRestOfTheBodyAsItComes() {
        ReplayableBody body = body(64);
        client.send("hello ", false);
        Content.Source first = body.nextAttempt();
        assertThat(text(first.read())).isEqualTo("hello ");
        assertThat(first.read()).isNull();

        Content.Source second = body.nextAttempt();
        assertThat(text(second.read())).isEqualTo("hello ");
        assertThat(second.read()).isNull();
        client.send("world", true);
        Content.Chunk rest = second.read();
        assertThat(text(rest)).isEqualTo("world");
        assertThat(rest.isLast()).isTrue();

        Content.Source third = body.nextAttempt();
        assertThat(readAll(third)).isEqualTo("hello world");
        assertThat(body.replayable()).isTrue();
        assertThat(client.bytesRead()).as("bytes read from the client").isEqualTo(11);
    }

    @Test
    void aBodyThatFillsTheBufferExactlyCanStillBeReplayed() {
        ReplayableBody body = body(10);
        client.send("01234", false);
        client.send("56789", true);

        assertThat(readAll(body.nextAttempt())).isEqualTo("0123456789");

        assertThat(body.replayable()).isTrue();
        assertThat(readAll(body.nextAttempt())).isEqualTo("0123456789");
    }

    @Test
    void onceMoreThanTheLimitWasReadTheBufferIsDroppedAndTheBodyCannotBeReplayed() {
        ReplayableBody body = body(8);
        client.send("01234", false);
        client.send("56789", true);
        Content.Source first = body.nextAttempt();

        assertThat(text(first.read())).isEqualTo("01234");
        assertThat(body.replayable()).isTrue();
        assertThat(text(first.read())).as("the chunk past the limit still goes to the attempt").isEqualTo("56789");

        assertThat(body.replayable()).isFalse();
        assertThat(body.bufferedBytes()).isZero();
        assertThat(body.bufferCapacity()).as("the buffer is let go").isZero();
        assertThatThrownBy(body::nextAttempt).isInstanceOf(IllegalStateException.class).hasMessageContaining("8-byte retry buffer");
    }

    @Test
    void theBufferGrowsWithTheBodyAndNeverPastTheLimit() {
        int limit = 64 * 1024;
        ReplayableBody body = body(limit);
        Content.Source attempt = body.nextAttempt();
        client.send("x".repeat(100), false);
        attempt.read();
        assertThat(body.bufferCapacity()).isBetween(100, 1024);

        for (int i = 0; i < 63; i++) {
            client.send(ByteBuffer.allocate(1024), false);
            attempt.read();
        }
        assertThat(body.bufferedBytes()).isEqualTo(100 + 63 * 1024);
        assertThat(body.bufferCapacity()).isEqualTo(limit);

        client.send(ByteBuffer.allocate(1024), false);
        attempt.read();
        assertThat(body.replayable()).isFalse();
        assertThat(body.bufferCapacity()).isZero();
    }

    @Test
    void withNoRoomNothingIsKeptButAnEmptyBodyCanAlwaysBeSentAgain() {
        ReplayableBody empty = body(0);
        client.send("", true);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(readAll(empty.nextAttempt())).isEmpty();
        assertThat(empty.replayable()).isTrue();
        assertThat(readAll(empty.nextAttempt())).isEmpty();
        assertThat(empty.isEmpty()).isTrue();

        ScriptedBody other = new ScriptedBody();
        ReplayableBody nonEmpty = new ReplayableBody(new PeekableBody(other), 0);
        other.send("a", true);
        assertThat(nonEmpty.isEmpty()).isFalse();
        assertThat(nonEmpty.untouched()).as("peeking is not reading").isTrue();
        readAll(nonEmpty.nextAttempt());
        assertThat(nonEmpty.untouched()).isFalse();
        assertThat(nonEmpty.replayable()).isFalse();
    }

    @Test
    void trailersThatEndTheBodyAreReplayedToo() {
        ReplayableBody body = body(64);
        client.send("msg", false);
        client.sendTrailers(HttpFields.build().put("x-checksum", "abc"));
        Content.Source first = body.nextAttempt();
        assertThat(text(first.read())).isEqualTo("msg");
        assertThat(first.read()).isInstanceOf(Trailers.class);

        Content.Source second = body.nextAttempt();
        assertThat(text(second.read())).isEqualTo("msg");
        Content.Chunk end = second.read();

        assertThat(end).isInstanceOfSatisfying(Trailers.class, trailers ->
                assertThat(trailers.getTrailers().get("x-checksum")).isEqualTo("abc"));
        assertThat(body.isEmpty()).isFalse();
    }

    @Test
    void aSupersededAttemptReadsOnlyAFailureAndNeverTakesFromTheClient() {
        ReplayableBody body = body(64);
        client.send("a", false);
        Content.Source first = body.nextAttempt();
        first.read();
        Content.Source second = body.nextAttempt();
        client.send("b", true);

        Content.Chunk stale = first.read();

        assertThat(Content.Chunk.isFailure(stale)).isTrue();
        assertThat(stale.getFailure()).isInstanceOf(ReplayableBody.SupersededException.class);
        assertThat(readAll(second)).isEqualTo("ab");
    }

    @Test
    void theClientsBodyHasOneDemandAtATimeAndItWakesTheLatestAttempt() {
        ReplayableBody body = body(64);
        Content.Source first = body.nextAttempt();
        assertThat(first.read()).isNull();
        AtomicInteger firstWoken = new AtomicInteger();
        first.demand(firstWoken::incrementAndGet);

        Content.Source second = body.nextAttempt();
        assertThat(second.read()).isNull();
        AtomicInteger secondWoken = new AtomicInteger();
        // A second demand on the client's body would throw: the pending one is taken over instead.
        second.demand(secondWoken::incrementAndGet);
        client.send("late", true);

        assertThat(client.demands()).isEqualTo(1);
        assertThat(secondWoken).hasValue(1);
        assertThat(firstWoken).hasValue(0);
        assertThat(readAll(second)).isEqualTo("late");
    }

    @Test
    void anAttemptWithBytesToReplayIsWokenAtOnce() {
        ReplayableBody body = body(64);
        client.send("a", false);
        body.nextAttempt().read();
        Content.Source second = body.nextAttempt();
        AtomicInteger woken = new AtomicInteger();

        second.demand(woken::incrementAndGet);

        assertThat(woken).hasValue(1);
        assertThat(client.demands()).isZero();
    }

    private static String text(Content.Chunk chunk) {
        assertThat(chunk).isNotNull();
        assertThat(Content.Chunk.isFailure(chunk)).as("failure %s", chunk).isFalse();
        ByteBuffer bytes = chunk.getByteBuffer().slice();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        chunk.release();
        return new String(array, StandardCharsets.UTF_8);
    }

    /** Reads the source to its end (the body must be complete already). */
    private static String readAll(Content.Source source) {
        List<String> parts = new ArrayList<>();
        while (true) {
            Content.Chunk chunk = source.read();
            assertThat(chunk).as("the body is complete, so a read never waits").isNotNull();
            boolean last = chunk.isLast();
            if (!(chunk instanceof Trailers)) {
                parts.add(text(chunk));
            }
            if (last) {
                return String.join("", parts);
            }
        }
    }
}
