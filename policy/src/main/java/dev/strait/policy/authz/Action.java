package dev.strait.policy.authz;

/** What a matching rule does to a call; {@link #DENY} wins over {@link #ALLOW} whatever the order. */
public enum Action {
    ALLOW,
    DENY
}
