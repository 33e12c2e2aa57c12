package org.takedown.propagation.removal;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.jboss.logging.Logger;
import org.takedown.propagation.notice.PropagationConfig;

/**
 * Signs removal lists with Ed25519 (RFC 8032), the configured key pair
 * ({@code takedown.propagation.export-signing.private-key} / {@code .public-key}); without one, a key
 * pair made up at start-up, with a warning.
 */
@ApplicationScoped
public class RemovalListSigner {

    public static final String ALGORITHM = "Ed25519";
    private static final Logger LOG = Logger.getLogger(RemovalListSigner.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    RemovalListSigner(PropagationConfig config) {
        PropagationConfig.ExportSigning signing = config.exportSigning();
        try {
            if (signing.privateKey().isPresent() && signing.publicKey().isPresent()) {
                KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
                privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(signing.privateKey().get().strip())));
                publicKey = keys.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(signing.publicKey().get().strip())));
                check();
            } else if (signing.privateKey().isPresent() || signing.publicKey().isPresent()) {
                throw new IllegalStateException("takedown.propagation.export-signing needs both private-key and public-key");
            } else {
                KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
                privateKey = pair.getPrivate();
                publicKey = pair.getPublic();
                LOG.warn("no takedown.propagation.export-signing key pair configured: removal lists are signed with a key made "
                        + "up at start-up, which changes at every restart");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the removal list signing key pair cannot be read: " + e.getMessage(), e);
        }
    }

    /** The detached signature of these bytes. */
    public byte[] sign(byte[] content) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(content);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The public key, X.509 SubjectPublicKeyInfo DER. */
    public byte[] publicKey() {
        return publicKey.getEncoded();
    }

    /** Refuses a configured pair whose halves do not belong together. */
    private void check() throws GeneralSecurityException {
        byte[] probe = "takedown".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(sign(probe))) {
            throw new IllegalStateException("the configured public key does not match the private key");
        }
    }
}
