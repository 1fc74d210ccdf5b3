package dev.strait.gateway.certs;

import java.io.IOException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Builds certificate subjects; values are encoded as given, so names with commas need no escaping. */
public final class DistinguishedNames {
    /** The organization of every certificate Strait issues. */
    public static final String ORGANIZATION = "Strait";

    private DistinguishedNames() {}

    /** {@code O=Strait, OU=<organizationalUnit>, CN=<commonName>}. */
    public static X500Principal of(String organizationalUnit, String commonName) {
        return build(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, organizationalUnit)
                .addRDN(BCStyle.CN, commonName));
    }

    /** {@code O=Strait, CN=<commonName>}. */
    public static X500Principal of(String commonName) {
        return build(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName));
    }

    private static X500Principal build(X500NameBuilder builder) {
        try {
            return new X500Principal(builder.build().getEncoded());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode a distinguished name: " + e.getMessage(), e);
        }
    }
}
