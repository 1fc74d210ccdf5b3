package dev.strait.policy.authz;

/**
 * Something wrong with one rule of a service, found by {@link ServiceAuthorization#problems()}.
 *
 * @param ruleIndex the rule's 0-based index in the service's list
 * @param kind      what is wrong; says which element of the rule to point at and whether it is an error
 * @param message   what is wrong and what is expected, without the rule's own location
 */
public record RuleProblem(int ruleIndex, Kind kind, String message) {
    /** The kinds of problems. */
    public enum Kind {
        /** {@code from} is empty, so the rule would match nothing. An error. */
        EMPTY_FROM("from", true),
        /** A method is not an RFC 9110 token. An error. */
        INVALID_METHOD("methods", true),
        /** Another rule of the same action matches every call this one matches. A warning. */
        REDUNDANT("", false),
        /** An allow rule every call of which a deny rule denies. A warning. */
        ALLOW_NEVER_APPLIES("", false);

        private final String element;
        private final boolean error;

        Kind(String element, boolean error) {
            this.element = element;
            this.error = error;
        }

        /** The element of the rule to point at, such as {@code from}; empty for the whole rule. */
        public String element() {
            return element;
        }

        /** Whether {@link CompiledAuthorization#compile} refuses rules with this problem. */
        public boolean isError() {
            return error;
        }
    }

    @Override
    public String toString() {
        return "rule [" + ruleIndex + "]" + (kind.element().isEmpty() ? "" : "." + kind.element()) + ": " + message;
    }
}
