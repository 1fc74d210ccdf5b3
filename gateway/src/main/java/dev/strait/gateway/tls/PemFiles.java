package dev.strait.gateway.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes the PEM files of {@code CertificateLayout}: certificates ({@code CERTIFICATE}
 * blocks, several per file for chains and bundles) and PKCS#8 private keys ({@code PRIVATE KEY}).
 *
 * <p>Writes go to a temporary file in the same directory that is then moved into place, so a
 * crash never leaves half a key; private keys are created owner-only (0600) on POSIX file systems.
 */
public final class PemFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PemFiles() {}

    /** Every certificate in a PEM file, in file order; fails when there is none. */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        var converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new TlsMaterialException("cannot read certificates from " + file + ": " + e.getMessage()
                    + " (expected: PEM 'CERTIFICATE' blocks, as written by 'strait certs init')", e);
        }
        if (certificates.isEmpty()) {
            throw new TlsMaterialException(file + " holds no PEM 'CERTIFICATE' block (expected: a certificate or chain, "
                    + "as written by 'strait certs init')");
        }
        return List.copyOf(certificates);
    }

    /** The single private key in a PEM file: PKCS#8 {@code PRIVATE KEY}, or a traditional EC/RSA key. */
    public static PrivateKey readPrivateKey(Path file) {
        var converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                // Accepted so that keys made by `openssl ecparam -genkey` work too.
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read a private key from " + file + ": " + e.getMessage(), e);
        }
        throw new TlsMaterialException(file + " holds no unencrypted PEM 'PRIVATE KEY' block (expected: a PKCS#8 key, "
                + "as written by 'strait certs init')");
    }

    /** Writes certificates as consecutive {@code CERTIFICATE} blocks, replacing the file. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        var text = new StringWriter();
        try (var writer = new PemWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (IOException | CertificateEncodingException e) {
            throw new TlsMaterialException("cannot encode certificates for " + file + ": " + e.getMessage(), e);
        }
        replace(file, text.toString(), false);
    }

    /** Writes a private key as PKCS#8 {@code PRIVATE KEY}, replacing the file, readable by the owner only. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        // The JDK encodes private keys as PKCS#8 PrivateKeyInfo.
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new TlsMaterialException("cannot write " + file + ": key format " + key.getFormat() + " is not PKCS#8");
        }
        var text = new StringWriter();
        try (var writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new TlsMaterialException("cannot encode the private key for " + file + ": " + e.getMessage(), e);
        }
        replace(file, text.toString(), true);
    }

    private static void replace(Path file, String content, boolean secret) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            FileAttribute<?>[] attributes = POSIX
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"))}
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp", attributes);
            try {
                Files.writeString(temporary, content, StandardCharsets.US_ASCII);
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new TlsMaterialException("cannot write " + target + ": " + e, e);
        }
    }
}
