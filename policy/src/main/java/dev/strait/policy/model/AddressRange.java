package dev.strait.policy.model;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A range of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a single address
 * is its own range. Only literals are accepted: nothing here resolves names.
 */
public record AddressRange(InetAddress network, int prefixLength) {
    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range (expected: 0-" + bits + ")");
        }
        byte[] bytes = network.getAddress();
        for (int bit = prefixLength; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
                        + " has bits set after the prefix (expected the network address, such as "
                        + masked(bytes, prefixLength) + "/" + prefixLength + ")");
            }
        }
    }

    /** Parses {@code ADDRESS/PREFIX} or a single {@code ADDRESS}. */
    public static AddressRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress network;
        try {
            network = InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)");
        }
        int bits = network.getAddress().length * 8;
        if (slash < 0) {
            return new AddressRange(network, bits);
        }
        try {
            return new AddressRange(network, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.substring(slash + 1) + "' is not a prefix length (expected: 0-" + bits + ")");
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != net[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (net[full] & mask);
    }

    private static String masked(byte[] bytes, int prefixLength) {
        byte[] copy = bytes.clone();
        for (int bit = prefixLength; bit < copy.length * 8; bit++) {
            copy[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(copy).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
