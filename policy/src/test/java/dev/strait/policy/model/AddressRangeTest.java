package dev.strait.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CIDR ranges of local callers: how they parse, what they hold, and what they refuse with which message. */
class AddressRangeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.1.0.0/16, 10.1.0.0, 16, 10.1.0.0/16",
            "127.0.0.1, 127.0.0.1, 32, 127.0.0.1/32",
            "0.0.0.0/0, 0.0.0.0, 0, 0.0.0.0/0",
            "192.168.4.0/22, 192.168.4.0, 22, 192.168.4.0/22",
            "fd00::/8, fd00::, 8, fd00:0:0:0:0:0:0:0/8",
            "::1, ::1, 128, 0:0:0:0:0:0:0:1/128",
            "::/0, ::, 0, 0:0:0:0:0:0:0:0/0",
            "2001:db8:abcd:12::/64, 2001:db8:abcd:12::, 64, 2001:db8:abcd:12:0:0:0:0/64",
    })
    void parsesAnAddressWithOrWithoutAPrefixLength(String text, String network, int prefixLength, String written) {
        AddressRange range = AddressRange.parse(text);

        assertThat(range.network()).isEqualTo(InetAddress.ofLiteral(network));
        assertThat(range.prefixLength()).isEqualTo(prefixLength);
        assertThat(range).hasToString(written);
        assertThat(AddressRange.parse(written)).isEqualTo(range);
    }

    @ParameterizedTest(name = "{0} holds {1}: {2}")
    @CsvSource({
            "10.1.0.0/16, 10.1.0.0, true",
            "10.1.0.0/16, 10.1.255.255, true",
            "10.1.0.0/16, 10.2.0.0, false",
            "10.1.0.0/16, 10.0.255.255, false",
            "192.168.4.0/22, 192.168.7.255, true",
            "192.168.4.0/22, 192.168.8.0, false",
            "192.168.4.0/22, 192.168.3.255, false",
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, ::1, false",
            "fd00::/8, fd12:3456::1, true",
            "fd00::/8, fe80::1, false",
            "2001:db8::/33, 2001:db8:7fff:ffff::1, true",
            "2001:db8::/33, 2001:db8:8000::, false",
            "::1, ::1, true",
            "::1, ::2, false",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, false",
    })
    void containsTheAddressesOfItsNetworkOfItsOwnFamily(String range, String address, boolean contained) {
        assertThat(AddressRange.parse(range).contains(InetAddress.ofLiteral(address))).isEqualTo(contained);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "10.1.2.3/16 | 10.1.2.3/16 has bits set after the prefix (expected the network address, such as 10.1.0.0/16)",
            "10.1.2.128/24 | 10.1.2.128/24 has bits set after the prefix (expected the network address, such as 10.1.2.0/24)",
            "10.1.3.0/23 | 10.1.3.0/23 has bits set after the prefix (expected the network address, such as 10.1.2.0/23)",
            "127.0.0.1/0 | 127.0.0.1/0 has bits set after the prefix (expected the network address, such as 0.0.0.0/0)",
            "fd00::1/64 | fd00:0:0:0:0:0:0:1/64 has bits set after the prefix (expected the network address, such as fd00:0:0:0:0:0:0:0/64)",
    })
    void refusesARangeThatIsNotWrittenAsItsNetworkAndNamesTheNetwork(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text)).withMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gateway.internal/8 | 'gateway.internal' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "10.0.0.256 | '10.0.0.256' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "1.2.3.4.5/8 | '1.2.3.4.5' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "fd00::1::2 | 'fd00::1::2' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "/8 | '' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
    })
    void refusesWhatIsNotAnAddressLiteral(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text)).withMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/33 | prefix length 33 is out of range (expected: 0-32)",
            "10.0.0.0/-1 | prefix length -1 is out of range (expected: 0-32)",
            "::/129 | prefix length 129 is out of range (expected: 0-128)",
            "10.0.0.0/x | 'x' is not a prefix length (expected: 0-32)",
            "10.0.0.0/ | '' is not a prefix length (expected: 0-32)",
            "10.0.0.0/8/8 | '8/8' is not a prefix length (expected: 0-32)",
            "::/99999999999 | '99999999999' is not a prefix length (expected: 0-128)",
    })
    void refusesABadPrefixLength(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse(text)).withMessage(message);
    }

    @Test
    void aRangeOfAnIpv4NetworkBuiltDirectlyChecksItsPrefixLengthToo() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AddressRange(InetAddress.ofLiteral("10.0.0.0"), 40))
                .withMessage("prefix length 40 is out of range (expected: 0-32)");
    }
}
