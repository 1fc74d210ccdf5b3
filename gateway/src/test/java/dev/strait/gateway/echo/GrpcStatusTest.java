package dev.strait.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GrpcStatusTest {
    @Test
    void percentEncodesWhatIsNotPrintableAscii() {
        assertThat(new GrpcStatus(5, "plain text, ok").percentEncodedMessage()).isEqualTo("plain text, ok");
        assertThat(new GrpcStatus(5, "100%").percentEncodedMessage()).isEqualTo("100%25");
        assertThat(new GrpcStatus(5, "a\nb").percentEncodedMessage()).isEqualTo("a%0Ab");
        assertThat(new GrpcStatus(5, "é").percentEncodedMessage()).isEqualTo("%C3%A9");
    }

    @Test
    void codesOutsideTheGrpcRangeBecomeUnknown() {
        assertThat(GrpcStatus.requested(16, "x").code()).isEqualTo(16);
        assertThat(GrpcStatus.requested(42, "x").code()).isEqualTo(GrpcStatus.UNKNOWN);
        assertThat(GrpcStatus.requested(-1, "x").message()).contains("-1");
    }
}
