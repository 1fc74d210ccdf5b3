package dev.strait.gateway.certs;

import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * What an end-entity certificate should say. A leaf may carry any SANs, or none, so tests can
 * make certificates that a Strait peer must refuse.
 *
 * @param subject         the subject name, e.g. {@link DistinguishedNames#of(String, String)}
 * @param subjectAltNames URI, DNS and IP SANs, in order (duplicates are dropped)
 * @param validity        when it is valid
 */
public record LeafSpec(X500Principal subject, List<SubjectAltName> subjectAltNames, Validity validity) {
    public LeafSpec {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(validity, "validity");
        subjectAltNames = subjectAltNames.stream().distinct().toList();
    }

    public static LeafSpec of(X500Principal subject, Validity validity, SubjectAltName... subjectAltNames) {
        return new LeafSpec(subject, List.of(subjectAltNames), validity);
    }
}
