package dev.strait.gateway.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Lets reads of the admin API ({@code GET}, {@code HEAD}) through and answers every other call,
 * on any path, with 401 unless it carries {@code Authorization: Bearer <token>} with the node's
 * admin token; a refused call reaches nothing behind this check, so it changes nothing.
 */
public final class AdminTokenCheck implements AdminApi {
    private static final Set<String> READS = Set.of("GET", "HEAD");
    private static final String SCHEME = "Bearer";
    private static final String CHALLENGE = "Bearer realm=\"strait-admin\"";

    private final AdminApi api;
    private final AdminToken token;

    public AdminTokenCheck(AdminApi api, AdminToken token) {
        this.api = Objects.requireNonNull(api, "api");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** {@code api} behind a token check when the node has a token, else {@code api} itself. */
    public static AdminApi protect(AdminApi api, Optional<AdminToken> token) {
        return token.<AdminApi>map(t -> new AdminTokenCheck(api, t)).orElse(api);
    }

    /**
     * Refuses an admin listener on {@code adminHost} that would take mutations from beyond this
     * machine without a token: without one, only a loopback address is safe.
     *
     * @param node the node's name, for the message
     * @throws AdminSecurityException when {@code adminHost} is not loopback and there is no token
     */
    public static void requireTokenOffLoopback(String node, String adminHost, boolean hasToken) {
        if (hasToken || isLoopback(adminHost)) {
            return;
        }
        throw new AdminSecurityException("node " + node + ": adminHost '" + adminHost + "' is not a loopback address and the node "
                + "has no admin token, so anyone who reaches that address could change the region (expected: adminHost 127.0.0.1, "
                + "or an admin token from --admin-token-file FILE or the STRAIT_ADMIN_TOKEN environment variable)");
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress[] addresses = InetAddress.getAllByName(bare);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public AdminReply handle(AdminRequest request) {
        if (READS.contains(request.method())) {
            return api.handle(request);
        }
        Optional<Refusal> refusal = refusal(request.authorization());
        if (refusal.isEmpty()) {
            return api.handle(request);
        }
        return Json.error(401, "unauthorized", request.method() + " " + request.path() + " changes the region and needs the admin token: "
                + refusal.get().reason()).withHeader("www-authenticate", refusal.get().challenge());
    }

    /** Why {@code authorization} (the header's value, empty when absent) does not carry the token; empty when it does. */
    private Optional<Refusal> refusal(String authorization) {
        String value = authorization.strip();
        if (value.isEmpty()) {
            return Optional.of(new Refusal("no Authorization header (expected: Authorization: Bearer <token>)", CHALLENGE));
        }
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME.toLowerCase(Locale.ROOT))) {
            return Optional.of(new Refusal("the Authorization header is not a Bearer credential (expected: Authorization: Bearer <token>)",
                    CHALLENGE));
        }
        String presented = space < 0 ? "" : value.substring(space + 1).strip();
        if (!token.matches(presented)) {
            // Never echoes what was sent: a near miss would end up in the caller's output and logs.
            return Optional.of(new Refusal("the token sent does not match this node's (expected: the token the node was started with, "
                    + "from --admin-token-file or STRAIT_ADMIN_TOKEN)", CHALLENGE + ", error=\"invalid_token\""));
        }
        return Optional.empty();
    }

    /** Why a call was refused, and the {@code www-authenticate} challenge that says so (RFC 6750). */
    private record Refusal(String reason, String challenge) {}
}
