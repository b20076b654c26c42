package org.ordercast.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.X509CertUtils;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * PEM keys with the JDK alone (Nimbus's own PEM parsing needs BouncyCastle): a public key (RSA or EC, with or
 * without the PEM armour), an X.509 certificate, or an RSA private key in PKCS#8.
 */
final class Pem {

    private Pem() {
    }

    static JWK publicKey(String pem) throws JOSEException {
        if (pem.contains("BEGIN CERTIFICATE")) {
            var certificate = X509CertUtils.parse(pem);
            if (certificate == null) {
                throw new JOSEException("the PEM certificate does not parse");
            }
            return JWK.parse(certificate);
        }
        var spec = new X509EncodedKeySpec(body(pem));
        PublicKey key = generate("RSA", spec);
        if (key == null) {
            key = generate("EC", spec);
        }
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
        }
        throw new JOSEException("the PEM public key is neither RSA nor EC");
    }

    static RSAPrivateKey rsaPrivateKey(String pem) throws JOSEException {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(body(pem)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new JOSEException("the PEM private key is not an RSA key in PKCS#8", e);
        }
    }

    private static PublicKey generate(String algorithm, X509EncodedKeySpec spec) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(spec);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static byte[] body(String pem) throws JOSEException {
        try {
            return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new JOSEException("the PEM text is not base64", e);
        }
    }
}
