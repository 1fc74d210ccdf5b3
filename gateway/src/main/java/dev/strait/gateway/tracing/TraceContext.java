package dev.strait.gateway.tracing;

import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A W3C Trace Context (level 1): the trace a call belongs to, the span that sent it on, the trace
 * flags, and the vendors' {@code tracestate} that travels with them. Parsing and formatting are
 * hand-written character checks, since they run for every call.
 *
 * @param traceId    the trace: 32 lower-case hex digits, not all zero
 * @param parentId   the span of whoever sends this context: 16 lower-case hex digits, not all zero
 * @param flags      the trace flags, 0 to 255; level 1 defines {@link #SAMPLED} only
 * @param traceState the {@code tracestate} list as received (several fields joined by commas), or
 *                   the empty string for none
 */
public record TraceContext(String traceId, String parentId, int flags, String traceState) {
    /** The flag saying the caller may have recorded the trace. */
    public static final int SAMPLED = 0x01;

    private static final int TRACEPARENT_LENGTH = 55;
    private static final int MAX_TRACE_STATE_LENGTH = 512;
    private static final int MAX_TRACE_STATE_MEMBERS = 32;

    private static final int TRACE_ID_LENGTH = 32;
    private static final int PARENT_ID_LENGTH = 16;
    private static final int MAX_SIMPLE_KEY_LENGTH = 256;
    private static final int MAX_TENANT_LENGTH = 241;
    private static final int MAX_SYSTEM_LENGTH = 14;
    private static final int MAX_VALUE_LENGTH = 256;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public TraceContext {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(parentId, "parentId");
        Objects.requireNonNull(traceState, "traceState");
        if (!isId(traceId, 0, TRACE_ID_LENGTH) || traceId.length() != TRACE_ID_LENGTH) {
            throw new IllegalArgumentException("trace id '" + traceId + "' is invalid (expected: 32 lower-case hex digits, not all zero)");
        }
        if (!isId(parentId, 0, PARENT_ID_LENGTH) || parentId.length() != PARENT_ID_LENGTH) {
            throw new IllegalArgumentException("parent id '" + parentId + "' is invalid (expected: 16 lower-case hex digits, not all zero)");
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("trace flags " + flags + " are out of range (expected: 0 to 255)");
        }
        if (!traceState.isEmpty() && traceStateMembers(traceState) < 1) {
            throw new IllegalArgumentException("tracestate '" + traceState + "' is invalid (expected: 1 to "
                    + MAX_TRACE_STATE_MEMBERS + " distinct key=value members, " + MAX_TRACE_STATE_LENGTH + " characters at most)");
        }
    }

    /**
     * The context a {@code traceparent} value names, without trace state; empty when the value is
     * absent ({@code null}) or invalid. Version {@code 00} must be exactly 55 characters; a higher
     * version (not {@code ff}) is read for its first four fields when what follows them is nothing
     * or a dash, and only its sampled flag is kept, as the specification asks.
     */
    public static Optional<TraceContext> parse(String traceparent) {
        if (!isValidTraceparent(traceparent)) {
            return Optional.empty();
        }
        return Optional.of(new TraceContext(traceIdOf(traceparent), parentIdOf(traceparent), flagsOf(traceparent), ""));
    }

    /** This context with {@code traceState} when it is a valid, non-empty {@code tracestate} list; else without any. */
    public TraceContext withTraceState(String traceState) {
        String kept = traceState != null && traceStateMembers(traceState) > 0 ? traceState : "";
        return new TraceContext(traceId, parentId, flags, kept);
    }

    /** The {@code traceparent} value this context is sent as: {@code 00-<traceId>-<parentId>-<flags>}. */
    public String traceparent() {
        return "00-" + traceId + '-' + parentId + '-' + HEX[flags >>> 4] + HEX[flags & 0xf];
    }

    public boolean sampled() {
        return (flags & SAMPLED) != 0;
    }

    /** Whether a {@code tracestate} travels with this context. */
    public boolean hasTraceState() {
        return !traceState.isEmpty();
    }

    /** Whether {@code value} ({@code null} when absent) is a {@code traceparent} this gateway continues. */
    static boolean isValidTraceparent(String value) {
        if (value == null || value.length() < TRACEPARENT_LENGTH) {
            return false;
        }
        char v0 = value.charAt(0);
        char v1 = value.charAt(1);
        if (!isHex(v0) || !isHex(v1) || (v0 == 'f' && v1 == 'f') || value.charAt(2) != '-'
                || !isId(value, 3, TRACE_ID_LENGTH) || value.charAt(35) != '-'
                || !isId(value, 36, PARENT_ID_LENGTH) || value.charAt(52) != '-'
                || !isHex(value.charAt(53)) || !isHex(value.charAt(54))) {
            return false;
        }
        if (v0 == '0' && v1 == '0') {
            return value.length() == TRACEPARENT_LENGTH;
        }
        // A later version may add fields after a dash; nothing is assumed about them.
        return value.length() == TRACEPARENT_LENGTH || value.charAt(TRACEPARENT_LENGTH) == '-';
    }

    /** The trace id of a valid {@code traceparent}. */
    static String traceIdOf(String traceparent) {
        return traceparent.substring(3, 35);
    }

    /** The parent id of a valid {@code traceparent}. */
    static String parentIdOf(String traceparent) {
        return traceparent.substring(36, 52);
    }

    /** The flags of a valid {@code traceparent}: all of them for version 00, the sampled flag only for a later version. */
    static int flagsOf(String traceparent) {
        int flags = hexValue(traceparent.charAt(53)) << 4 | hexValue(traceparent.charAt(54));
        boolean version00 = traceparent.charAt(0) == '0' && traceparent.charAt(1) == '0';
        return version00 ? flags : flags & SAMPLED;
    }

    /**
     * The number of list members of a {@code tracestate} value, or -1 when it breaks the rules of
     * level 1: more than 512 characters, more than 32 members, a member that is not {@code
     * key=value} (a simple key, or {@code tenant@system}; a value of printable ASCII without
     * {@code ,} or {@code =}), or a key given twice. Empty and blank members are allowed and not
     * counted.
     */
    static int traceStateMembers(String value) {
        int length = value.length();
        if (length > MAX_TRACE_STATE_LENGTH) {
            return -1;
        }
        int members = 0;
        // Where each member's key starts and where its '=' is, to find a key given twice.
        int[] keys = null;
        int start = 0;
        while (start <= length) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int from = start;
            int to = end;
            while (from < to && isOws(value.charAt(from))) {
                from++;
            }
            while (to > from && isOws(value.charAt(to - 1))) {
                to--;
            }
            if (from < to) {
                int equals = keyEnd(value, from, to);
                if (equals < 0 || !isValue(value, equals + 1, to) || members == MAX_TRACE_STATE_MEMBERS) {
                    return -1;
                }
                if (keys == null) {
                    keys = new int[2 * MAX_TRACE_STATE_MEMBERS];
                }
                for (int i = 0; i < members; i++) {
                    int otherFrom = keys[2 * i];
                    int otherLength = keys[2 * i + 1] - otherFrom;
                    if (otherLength == equals - from && value.regionMatches(otherFrom, value, from, otherLength)) {
                        return -1;
                    }
                }
                keys[2 * members] = from;
                keys[2 * members + 1] = equals;
                members++;
            }
            start = end + 1;
        }
        return members;
    }

    /** A fresh trace id: 16 random bytes, not all zero. */
    static String newTraceId(RandomGenerator random) {
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        char[] id = new char[TRACE_ID_LENGTH];
        writeHex(high, id, 0);
        writeHex(low, id, 16);
        return new String(id);
    }

    /** A fresh span id: 8 random bytes, not all zero. */
    static String newSpanId(RandomGenerator random) {
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        char[] id = new char[PARENT_ID_LENGTH];
        writeHex(value, id, 0);
        return new String(id);
    }

    private static void writeHex(long value, char[] into, int offset) {
        for (int i = 15; i >= 0; i--) {
            into[offset + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }

    /** Whether {@code length} characters of {@code value} from {@code offset} are lower-case hex, not all zero. */
    private static boolean isId(String value, int offset, int length) {
        if (value.length() < offset + length) {
            return false;
        }
        boolean nonZero = false;
        for (int i = offset; i < offset + length; i++) {
            char c = value.charAt(i);
            if (!isHex(c)) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static int hexValue(char c) {
        return c <= '9' ? c - '0' : c - 'a' + 10;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Where the {@code =} after a valid key starting at {@code from} is, or -1: a simple key is a
     * lower-case letter and up to 255 of {@code a-z 0-9 _ - * /}; a multi-tenant key is a tenant
     * (a letter or digit and up to 240 more) {@code @} a system (a letter and up to 13 more).
     */
    private static int keyEnd(String value, int from, int to) {
        int at = -1;
        int equals = -1;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c == '=') {
                equals = i;
                break;
            }
            if (c == '@') {
                if (at >= 0) {
                    return -1;
                }
                at = i;
            } else if (!isKeyChar(c)) {
                return -1;
            }
        }
        if (equals <= from) {
            return -1;
        }
        char first = value.charAt(from);
        if (at < 0) {
            return isLowerAlpha(first) && equals - from <= MAX_SIMPLE_KEY_LENGTH ? equals : -1;
        }
        int tenant = at - from;
        int system = equals - at - 1;
        boolean valid = tenant >= 1 && tenant <= MAX_TENANT_LENGTH && (isLowerAlpha(first) || isDigit(first))
                && system >= 1 && system <= MAX_SYSTEM_LENGTH && isLowerAlpha(value.charAt(at + 1));
        return valid ? equals : -1;
    }

    /** Whether {@code from..to} is a value: 1 to 256 printable ASCII characters but {@code ,} and {@code =}, not ending in a space. */
    private static boolean isValue(String value, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_VALUE_LENGTH || value.charAt(to - 1) == ' ') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyChar(char c) {
        return isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/';
    }

    private static boolean isLowerAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
