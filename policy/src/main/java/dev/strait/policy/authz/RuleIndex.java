package dev.strait.policy.authz;

import dev.strait.policy.model.SpiffeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service's rules of one action, indexed so that a call looks only at rules that could match it:
 * by the caller's service name (for rules whose callers all name one service exactly) and, in a
 * trie, by the leading literal segments of the rule's paths ({@code /api/orders} for a prefix
 * {@code /api/orders} or a pattern {@code /api/orders/*}). A call walks its own path down the trie
 * of its caller's service and that of rules for any caller; the buckets it passes hold every rule
 * that could match, each bucket in rule order, so the first matching rule is found by scanning
 * them with a falling upper bound: no merging, no allocation.
 */
final class RuleIndex {
    private final Map<String, Node> byCallerService;
    private final Node anyCaller;
    private final int size;

    RuleIndex(List<CompiledRule> rules) {
        Map<String, NodeBuilder> keyed = new HashMap<>();
        NodeBuilder any = new NodeBuilder();
        for (CompiledRule rule : rules) {
            for (String callerKey : callerKeys(rule.source().from())) {
                NodeBuilder root = callerKey == null ? any : keyed.computeIfAbsent(callerKey, key -> new NodeBuilder());
                for (List<String> segments : pathKeys(rule.source().paths())) {
                    root.file(segments, rule);
                }
            }
        }
        Map<String, Node> built = new HashMap<>();
        keyed.forEach((key, builder) -> built.put(key, builder.build()));
        byCallerService = Map.copyOf(built);
        anyCaller = any.build();
        size = rules.size();
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The matching rule with the lowest index, or {@code null}. */
    CompiledRule firstMatch(CallerIdentity caller, String method, String path, HeaderLookup headers) {
        CompiledRule best = null;
        if (caller instanceof CallerIdentity.Authenticated authenticated
                && authenticated.spiffeId() instanceof SpiffeId.Service workload) {
            Node root = byCallerService.get(workload.service().value());
            if (root != null) {
                best = walk(root, caller, method, path, headers, null);
            }
        }
        return walk(anyCaller, caller, method, path, headers, best);
    }

    private static CompiledRule walk(Node root, CallerIdentity caller, String method, String path, HeaderLookup headers,
            CompiledRule bestSoFar) {
        CompiledRule best = scan(root.rules, caller, method, path, headers, bestSoFar);
        if (path.isEmpty() || path.charAt(0) != '/') {
            return best; // every rule path starts with '/', so only rules without paths can match
        }
        Node node = root;
        int start = 1;
        while (true) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            node = node.child(path, start, end);
            if (node == null) {
                return best;
            }
            best = scan(node.rules, caller, method, path, headers, best);
            if (end == path.length()) {
                return best;
            }
            start = end + 1;
        }
    }

    private static CompiledRule scan(CompiledRule[] rules, CallerIdentity caller, String method, String path,
            HeaderLookup headers, CompiledRule bestSoFar) {
        int limit = bestSoFar == null ? Integer.MAX_VALUE : bestSoFar.index();
        for (CompiledRule rule : rules) {
            if (rule.index() >= limit) {
                break; // the bucket is in rule order: nothing further can come first
            }
            if (rule.matches(caller, method, path, headers)) {
                return rule;
            }
        }
        return bestSoFar;
    }

    /** The caller service names a rule is filed under; a single {@code null} stands for "any caller". */
    static Set<String> callerKeys(List<CallerPattern> from) {
        Set<String> keys = new LinkedHashSet<>();
        for (CallerPattern pattern : from) {
            String key = switch (pattern) {
                case CallerPattern.FromService service when service.service().kind() == NameGlob.Kind.EXACT ->
                        service.service().literal();
                case CallerPattern.FromSpiffeId id when id.kind() == CallerPattern.FromSpiffeId.Kind.SERVICE
                        && id.name().kind() == NameGlob.Kind.EXACT -> id.name().literal();
                default -> null;
            };
            if (key == null) {
                return Collections.singleton(null);
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * The literal segments every path a rule's path match matches starts with, per path match; one
     * empty list when the rule has no paths (it sits at the root).
     */
    static Set<List<String>> pathKeys(List<PathMatch> paths) {
        if (paths.isEmpty()) {
            return Set.of(List.of());
        }
        Set<List<String>> keys = new LinkedHashSet<>();
        for (PathMatch path : paths) {
            String value = path.value();
            List<String> segments = Arrays.asList(value.substring(1).split("/", -1));
            keys.add(switch (path) {
                case PathMatch.Exact _ -> segments;
                // "/" matches everything; "/api/" matches "/api/..." whose segments start with "api".
                case PathMatch.Prefix _ -> value.equals("/") ? List.of()
                        : value.endsWith("/") ? segments.subList(0, segments.size() - 1) : segments;
                case PathMatch.Pattern _ -> {
                    int literal = 0;
                    while (literal < segments.size() && !segments.get(literal).contains("*")) {
                        literal++;
                    }
                    yield segments.subList(0, literal);
                }
            });
        }
        return keys;
    }

    /** A trie node: the rules filed here, in rule order, and the children by next path segment. */
    private static final class Node {
        private final CompiledRule[] rules;
        private final String[] keys;
        private final Node[] children;
        private final int mask;

        Node(CompiledRule[] rules, Map<String, Node> children) {
            this.rules = rules;
            // At least twice the keys, so probing always reaches an empty slot.
            int capacity = Integer.highestOneBit(Math.max(1, children.size()) * 2 - 1) << 1;
            this.keys = new String[capacity];
            this.children = new Node[capacity];
            this.mask = capacity - 1;
            children.forEach((key, child) -> {
                int slot = hash(key, 0, key.length()) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                this.children[slot] = child;
            });
        }

        /** The child for the segment {@code path[from, to)}, looked up without cutting it out. */
        Node child(String path, int from, int to) {
            int length = to - from;
            for (int slot = hash(path, from, to) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
                String key = keys[slot];
                if (key.length() == length && path.regionMatches(from, key, 0, length)) {
                    return children[slot];
                }
            }
            return null;
        }

        private static int hash(String text, int from, int to) {
            int hash = 0;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + text.charAt(i);
            }
            return hash ^ (hash >>> 16);
        }
    }

    // Confined to the constructor.
    private static final class NodeBuilder {
        private final List<CompiledRule> rules = new ArrayList<>();
        private final Map<String, NodeBuilder> children = new HashMap<>();

        void file(List<String> segments, CompiledRule rule) {
            NodeBuilder node = this;
            for (String segment : segments) {
                node = node.children.computeIfAbsent(segment, key -> new NodeBuilder());
            }
            // A rule with several paths on one branch is filed once per path; scanning it twice is harmless.
            if (node.rules.isEmpty() || node.rules.getLast() != rule) {
                node.rules.add(rule);
            }
        }

        Node build() {
            Map<String, Node> built = new HashMap<>();
            children.forEach((key, child) -> built.put(key, child.build()));
            return new Node(rules.toArray(CompiledRule[]::new), built);
        }
    }
}
