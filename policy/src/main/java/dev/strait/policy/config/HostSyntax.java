package dev.strait.policy.config;

import java.net.Inet6Address;
import java.util.regex.Pattern;

/**
 * Whether a string can be a host to bind to or connect to: an IPv4 or IPv6 literal, or a host
 * name. Checked by syntax only; the loader never resolves names.
 */
final class HostSyntax {
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");

    private HostSyntax() {}

    static boolean isValid(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host);
        }
        // All digits and dots reads as an address, so it must be a whole one: 10.0.0 is a mistake.
        if (NUMERIC.matcher(host).matches()) {
            return isIpv4(host);
        }
        return HOST_NAME.matcher(host).matches();
    }

    private static boolean isIpv4(String host) {
        var matcher = IPV4.matcher(host);
        if (!matcher.matches()) {
            return false;
        }
        for (int group = 1; group <= 4; group++) {
            if (Integer.parseInt(matcher.group(group)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String host) {
        try {
            Inet6Address.ofLiteral(host); // parses only; never looks anything up
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
