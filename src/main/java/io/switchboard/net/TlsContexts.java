package io.switchboard.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The server's TLS contexts (TLS 1.2 and 1.3 only). Certificate and key come from the PEM files
 * {@code tls.cert}/{@code tls.key}; without them a self-signed pair is generated once under
 * {@code {data.dir}/tls} and reused, so clients can pin it across restarts.
 */
public final class TlsContexts {
    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Config config;
    private final Path dataDir;
    private volatile SslContext server;

    public TlsContexts(Config config, Path dataDir) {
        this.config = config;
        this.dataDir = dataDir;
    }

    /** The server context for implicit TLS listeners and STARTTLS. */
    public SslContext server() throws IOException {
        SslContext s = server;
        if (s != null) return s;
        synchronized (this) {
            if (server == null) server = build();
            return server;
        }
    }

    /** A client context that trusts any certificate: for outgoing mail (opportunistic TLS) and tests. */
    public static SslContext insecureClient() throws IOException {
        return SslContextBuilder.forClient().protocols(PROTOCOLS).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    }

    /** The certificate file in use (configured or generated), e.g. for clients to trust in tests. */
    public Path certificateFile() throws IOException {
        String cert = config.get(ConfigKeys.TLS_CERT).trim();
        if (!cert.isEmpty()) return Path.of(cert);
        return selfSigned()[0];
    }

    private SslContext build() throws IOException {
        String cert = config.get(ConfigKeys.TLS_CERT).trim();
        String key = config.get(ConfigKeys.TLS_KEY).trim();
        Path certFile;
        Path keyFile;
        if (!cert.isEmpty() && !key.isEmpty()) {
            certFile = Path.of(cert);
            keyFile = Path.of(key);
        } else {
            Path[] pair = selfSigned();
            certFile = pair[0];
            keyFile = pair[1];
        }
        return SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile()).protocols(PROTOCOLS).build();
    }

    private synchronized Path[] selfSigned() throws IOException {
        Path dir = dataDir.resolve("tls");
        Path certFile = dir.resolve("self-signed.crt");
        Path keyFile = dir.resolve("self-signed.key");
        if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) return new Path[]{certFile, keyFile};
        Files.createDirectories(dir);
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048, new SecureRandom());
            KeyPair kp = kpg.generateKeyPair();
            String host = java.net.URI.create(config.get(ConfigKeys.PUBLIC_URL)).getHost();
            X500Name name = new X500Name("CN=" + (host == null ? "localhost" : host) + ", O=Switchboard self-signed");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, kp.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.dNSName, host == null ? "localhost" : host),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            Path tmpKey = Files.createTempFile(dir, "key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmpKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions have to do
            }
            writePem(tmpKey, kp.getPrivate());
            Path tmpCert = Files.createTempFile(dir, "crt", ".tmp");
            writePem(tmpCert, cert);
            Files.move(tmpKey, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmpCert, certFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("generated a self-signed TLS certificate in {}", dir);
            return new Path[]{certFile, keyFile};
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            // a PrivateKey is written as PKCS#8 ("PRIVATE KEY"), which Netty's builder reads
            pem.writeObject(object instanceof java.security.PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : object);
        }
    }
}
