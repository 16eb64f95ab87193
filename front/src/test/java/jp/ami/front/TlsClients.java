package jp.ami.front;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import jp.ami.certs.IssuedCertificate;

/** Client-side SSL contexts for tests. */
final class TlsClients {
    private TlsClients() {
    }

    /**
     * A TLS 1.3/1.2 client context trusting {@code ca} and presenting {@code client} (or nothing when
     * null) whatever CA names the server asks for, so a foreign or expired certificate really is sent.
     */
    static SSLContext context(X509Certificate ca, IssuedCertificate client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManager[] km = client == null ? new KeyManager[0] : new KeyManager[] {new FixedKeyManager(client)};
        ctx.init(km, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Always offers the same certificate. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final IssuedCertificate cert;

        FixedKeyManager(IssuedCertificate cert) {
            this.cert = cert;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"c"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "c";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "c";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return cert.chain().toArray(new X509Certificate[0]);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return cert.privateKey();
        }
    }
}
