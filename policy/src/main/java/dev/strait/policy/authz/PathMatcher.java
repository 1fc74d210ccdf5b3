package dev.strait.policy.authz;

/** A {@link PathMatch} compiled for the request path: no allocation, no backtracking. */
abstract sealed class PathMatcher {
    /** Whether {@code path}, already normalized, is one of the paths the match stands for. */
    abstract boolean matches(String path);

    static PathMatcher compile(PathMatch match) {
        return switch (match) {
            case PathMatch.Exact exact -> new ExactPath(exact.path());
            case PathMatch.Prefix prefix -> new PrefixPath(prefix.prefix());
            case PathMatch.Pattern pattern -> new GlobPath(pattern.glob());
        };
    }

    private static final class ExactPath extends PathMatcher {
        private final String path;

        ExactPath(String path) {
            this.path = path;
        }

        @Override
        boolean matches(String candidate) {
            return path.equals(candidate);
        }
    }

    private static final class PrefixPath extends PathMatcher {
        private final String prefix;
        private final boolean endsWithSlash;

        PrefixPath(String prefix) {
            this.prefix = prefix;
            this.endsWithSlash = prefix.endsWith("/");
        }

        @Override
        boolean matches(String candidate) {
            if (!candidate.startsWith(prefix)) {
                return false;
            }
            // Segment-aware: "/api" must not match "/apix" or "/api.".
            return endsWithSlash || candidate.length() == prefix.length() || candidate.charAt(prefix.length()) == '/';
        }
    }

    /**
     * Runs the glob as a set of states, one bit per pattern segment, over the path's segments:
     * linear in (path segments × pattern segments), whatever the number of {@code **}.
     */
    private static final class GlobPath extends PathMatcher {
        // Per pattern segment: the literal pieces between its '*'s; null for "**".
        private final String[][] pieces;
        private final long doubleStars;
        private final int accepting;

        GlobPath(String glob) {
            String[] segments = glob.substring(1).split("/", -1);
            pieces = new String[segments.length][];
            long stars = 0;
            for (int i = 0; i < segments.length; i++) {
                if (segments[i].equals("**")) {
                    stars |= 1L << i;
                } else {
                    pieces[i] = segments[i].split("\\*", -1);
                }
            }
            doubleStars = stars;
            accepting = segments.length;
        }

        @Override
        boolean matches(String path) {
            if (path.isEmpty() || path.charAt(0) != '/') {
                return false;
            }
            long states = closure(1L);
            int start = 1;
            while (true) {
                int end = path.indexOf('/', start);
                if (end < 0) {
                    end = path.length();
                }
                long next = 0;
                for (long rest = states; rest != 0; rest &= rest - 1) {
                    int state = Long.numberOfTrailingZeros(rest);
                    if (state == accepting) {
                        continue;
                    }
                    if ((doubleStars >>> state & 1L) != 0) {
                        next |= 1L << state;
                    } else if (segmentMatches(pieces[state], path, start, end)) {
                        next |= 1L << (state + 1);
                    }
                }
                if (next == 0) {
                    return false;
                }
                states = closure(next);
                if (end == path.length()) {
                    return (states >>> accepting & 1L) != 0;
                }
                start = end + 1;
            }
        }

        /** Adds the states reachable by letting a "**" match no segment. */
        private long closure(long states) {
            long result = states;
            for (long rest = doubleStars; rest != 0; rest &= rest - 1) {
                int state = Long.numberOfTrailingZeros(rest);
                if ((result >>> state & 1L) != 0) {
                    result |= 1L << (state + 1);
                }
            }
            return result;
        }

        /** Glob with '*' only: leftmost-first placement of the middle pieces is exact, so no backtracking. */
        private static boolean segmentMatches(String[] pieces, String path, int start, int end) {
            String first = pieces[0];
            if (pieces.length == 1) {
                return end - start == first.length() && path.startsWith(first, start);
            }
            String last = pieces[pieces.length - 1];
            if (end - start < first.length() + last.length()
                    || !path.startsWith(first, start) || !path.startsWith(last, end - last.length())) {
                return false;
            }
            int position = start + first.length();
            int limit = end - last.length();
            for (int i = 1; i < pieces.length - 1; i++) {
                String piece = pieces[i];
                if (piece.isEmpty()) {
                    continue;
                }
                int at = path.indexOf(piece, position, limit);
                if (at < 0) {
                    return false;
                }
                position = at + piece.length();
            }
            return true;
        }
    }
}
