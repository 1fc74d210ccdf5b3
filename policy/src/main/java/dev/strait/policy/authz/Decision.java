package dev.strait.policy.authz;

import dev.strait.policy.model.ServiceName;
import java.util.Locale;
import java.util.Objects;

/**
 * The answer of {@link CompiledAuthorization#decide}: allowed or denied, and on what basis (the
 * rule that matched, or a {@link Default} when none did). Decisions are built when the
 * authorization is compiled, so deciding allocates none.
 */
public sealed interface Decision {
    /** The rule or default that decided. */
    Basis basis();

    /** Whether the call may proceed. */
    boolean isAllowed();

    /** The call may proceed. */
    record Allowed(Basis basis) implements Decision {
        public Allowed {
            Objects.requireNonNull(basis, "basis");
            if (!(basis == Default.NO_ALLOW_RULES || basis instanceof MatchedRule rule && rule.action() == Action.ALLOW)) {
                throw new IllegalArgumentException("an allowed call needs an allow rule or the default for services"
                        + " without allow rules as its basis, not " + basis);
            }
        }

        @Override
        public boolean isAllowed() {
            return true;
        }
    }

    /**
     * The call is refused.
     *
     * @param reason for the caller (the 403 body): names the deciding rule or default, never other rules
     */
    record Denied(Basis basis, String reason) implements Decision {
        public Denied {
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(reason, "reason");
            if (basis == Default.NO_ALLOW_RULES || basis instanceof MatchedRule rule && rule.action() == Action.ALLOW) {
                throw new IllegalArgumentException("a denied call cannot have " + basis + " as its basis");
            }
        }

        @Override
        public boolean isAllowed() {
            return false;
        }
    }

    /** What decided: a rule or a default. */
    sealed interface Basis {}

    /**
     * The first rule, in config order, of the deciding action that matched.
     *
     * @param service the service whose rule it is
     * @param index   its 0-based index in the service's rules
     * @param action  what it does
     */
    record MatchedRule(ServiceName service, int index, Action action) implements Basis {
        public MatchedRule {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String toString() {
            return action.name().toLowerCase(Locale.ROOT) + " rule [" + index + "] of service '" + service + "'";
        }
    }

    /** The defaults that decide when no rule matches, in the order they are applied. */
    enum Default implements Basis {
        /** The caller is anonymous: anonymous callers get only what a rule grants {@code anonymous}. */
        ANONYMOUS("anonymous callers get only what the service's policy grants them explicitly, and it grants"
                + " nothing that matches this call"),
        /** The caller is of another region than the service. */
        CROSS_REGION("calls from another region are denied unless a rule of the service allows the caller, and"
                + " none matches this call"),
        /** A same-region caller, and the service has allow rules, none of which matched. */
        NO_ALLOW_RULE_MATCHED("no authorization rule of the service allows this call"),
        /** A same-region authenticated caller, and the service has no allow rules: allowed. */
        NO_ALLOW_RULES("");

        private final String reason;

        Default(String reason) {
            this.reason = reason;
        }

        /** Why the call was refused, for the caller; empty for {@link #NO_ALLOW_RULES}, which allows. */
        public String reason() {
            return reason;
        }
    }
}
