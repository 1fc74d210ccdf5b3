package dev.strait.policy.traffic;

import dev.strait.policy.authz.HttpToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Changes to a message's headers: {@code set} replaces every value of a header with one, {@code add}
 * appends a value, {@code remove} drops the header. Names are kept in lower case, and each name may be
 * in only one of the three. Headers the gateway owns or that frame the message are {@link #RESERVED}
 * and cannot be edited.
 *
 * @param set    header name to the only value it will have
 * @param add    header name to a value appended to those it has
 * @param remove names of headers to drop
 */
public record HeaderEdits(Map<String, String> set, Map<String, String> add, List<String> remove) {
    /** No change. */
    public static final HeaderEdits NONE = new HeaderEdits(Map.of(), Map.of(), List.of());

    /** The longest value a header edit may write. */
    public static final int MAX_VALUE_LENGTH = 8192;

    /**
     * Headers that cannot be edited, besides every pseudo-header ({@code :name}) and every
     * {@code x-strait-*} header: the gateway sets or reads them, or they frame the message.
     */
    public static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer", "proxy-connection");

    private static final String GATEWAY_PREFIX = "x-strait-";

    public HeaderEdits {
        Set<String> names = new LinkedHashSet<>();
        set = edits("set", set, names);
        add = edits("add", add, names);
        List<String> removed = new ArrayList<>();
        for (String name : remove) {
            String lowerCase = checkName(name);
            if (!names.add(lowerCase)) {
                throw new IllegalArgumentException(twice(lowerCase));
            }
            removed.add(lowerCase);
        }
        remove = List.copyOf(removed);
    }

    /** Whether this changes nothing. */
    public boolean isEmpty() {
        return set.isEmpty() && add.isEmpty() && remove.isEmpty();
    }

    /**
     * These edits followed by {@code later}, as one: for each name {@code later} edits, its edit
     * replaces this one's; the names only this edits keep this edit.
     */
    public HeaderEdits then(HeaderEdits later) {
        if (later.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return later;
        }
        Map<String, String> combinedSet = new LinkedHashMap<>();
        Map<String, String> combinedAdd = new LinkedHashMap<>();
        List<String> combinedRemove = new ArrayList<>();
        set.forEach((name, value) -> {
            if (!later.edits(name)) {
                combinedSet.put(name, value);
            }
        });
        add.forEach((name, value) -> {
            if (!later.edits(name)) {
                combinedAdd.put(name, value);
            }
        });
        remove.stream().filter(name -> !later.edits(name)).forEach(combinedRemove::add);
        combinedSet.putAll(later.set);
        combinedAdd.putAll(later.add);
        combinedRemove.addAll(later.remove);
        return new HeaderEdits(combinedSet, combinedAdd, combinedRemove);
    }

    /** Whether {@code name} (lower case) is set, added or removed here. */
    public boolean edits(String name) {
        return set.containsKey(name) || add.containsKey(name) || remove.contains(name);
    }

    /**
     * Whether a header may be edited at all; see {@link #RESERVED}.
     *
     * @param name a header name in lower case
     */
    public static boolean isReserved(String name) {
        return name.startsWith(":") || name.startsWith(GATEWAY_PREFIX) || RESERVED.contains(name);
    }

    private static Map<String, String> edits(String kind, Map<String, String> edits, Set<String> names) {
        Objects.requireNonNull(edits, kind);
        Map<String, String> checked = new LinkedHashMap<>();
        edits.forEach((name, value) -> {
            String lowerCase = checkName(name);
            if (!names.add(lowerCase)) {
                throw new IllegalArgumentException(twice(lowerCase));
            }
            checkValue(lowerCase, value);
            checked.put(lowerCase, value);
        });
        // Config order is kept, so that headers are written in the order the file lists them.
        return Collections.unmodifiableMap(checked);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "header name");
        String lowerCase = name.toLowerCase(Locale.ROOT);
        if (isReserved(lowerCase)) {
            throw new IllegalArgumentException("header '" + name + "' is reserved (expected: a header other than"
                    + " pseudo-headers, x-strait-*, and " + String.join(", ", RESERVED.stream().sorted().toList()) + ")");
        }
        if (!HttpToken.isValid(name)) {
            throw new IllegalArgumentException("header name '" + name + "' is not valid (expected: " + HttpToken.RULE + ")");
        }
        return lowerCase;
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("header '" + name + "' has no value (expected: a string)");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value of header '" + name + "' has " + value.length()
                    + " characters (expected: at most " + MAX_VALUE_LENGTH + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("value of header '" + name + "' contains a line break or NUL"
                        + " (expected: one line of text)");
            }
        }
    }

    private static String twice(String name) {
        return "header '" + name + "' is edited more than once (expected: each name in only one of set, add and remove)";
    }
}
