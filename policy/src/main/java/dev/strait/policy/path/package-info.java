/**
 * Normalizes a request's path once, before authorization and routing match on it, so that the
 * gateway and the upstream cannot read one target as two different paths ({@code /admin/../x},
 * {@code /%2e%2e/}, {@code //admin}, {@code %2F}, {@code \}). Start at
 * {@link dev.strait.policy.path.RequestPath#normalize(String)}, or at a configured
 * {@link dev.strait.policy.path.PathNormalizer}; the result is a
 * {@link dev.strait.policy.path.PathNormalization}: either a
 * {@link dev.strait.policy.path.RequestPath}, whose path every later stage matches and whose
 * {@link dev.strait.policy.path.RequestPath#target() target} is what the upstream gets, or a
 * rejection with a {@link dev.strait.policy.path.PathRejection}, which the gateway answers with
 * 400 {@code bad_request} without forwarding.
 *
 * <p>The rules follow RFC 3986 section 6.2.2 and Envoy's {@code normalize_path},
 * {@code merge_slashes} and {@code path_with_escaped_slashes_action: REJECT_REQUEST}: unreserved
 * characters are decoded, other escapes kept with upper-case hex, dot segments removed (never
 * above the root), repeated slashes merged; encoded slashes and backslashes, raw backslashes,
 * fragments, malformed escapes and characters that should have been escaped are refused, and so
 * are {@code %00} and {@code ..;} segments, which C servers and servlet containers misread. The
 * query is never changed. What this does not protect: an upstream that decodes twice (the kept
 * {@code %252e} becomes {@code .} there), and rules that assume {@code /admin.} or {@code /ADMIN}
 * is {@code /admin}.
 *
 * <p>Everything here is pure: no I/O, no threads; each call is linear in the target's length.
 */
package dev.strait.policy.path;
