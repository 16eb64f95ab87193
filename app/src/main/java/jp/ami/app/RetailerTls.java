package jp.ami.app;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import jp.ami.certs.Pki;
import jp.ami.retailer.TlsMaterial;

/** The mutual-TLS context a retailer presents to the front: its client certificate from the run's PKI. */
public final class RetailerTls {
    private RetailerTls() {
    }

    public static SSLContext of(Pki pki, String operator) throws IOException {
        return TlsMaterial.fromPem(pki.clientCertificate(operator), pki.clientPrivateKey(operator), pki.caCertificate());
    }
}
