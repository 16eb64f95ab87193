package jp.ami.certs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code certs}: the CA tool. Subcommands {@code init}, {@code server}, {@code client}, {@code list}
 * work on a {@link Pki} directory. (Revocation and suspension will be further subcommands.)
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Certificate authority for the DMZ front: CA, server and operator client certificates.",
        subcommands = {CertsCommand.Init.class, CertsCommand.Server.class, CertsCommand.Client.class,
                CertsCommand.ListCerts.class})
public final class CertsCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CertsCommand()).execute(args));
    }

    /** {@code certs init --dir D [--name CN]}: creates the CA when absent. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create the CA in DIR if absent.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "PKI directory")
        Path dir;
        @Option(names = "--name", defaultValue = Pki.DEFAULT_CA_NAME, description = "CA common name (default: ${DEFAULT-VALUE})")
        String name;

        @Override
        public Integer call() throws IOException {
            Pki pki = Pki.at(dir);
            boolean existed = pki.hasCa();
            CertificateAuthority ca = pki.loadOrCreateCa(name);
            spec.commandLine().getOut().printf("%s CA %s (%s)%n", existed ? "existing" : "created",
                    ca.subject(), pki.caCertificate());
            return 0;
        }
    }

    /** {@code certs server --dir D --dns NAME --ip ADDR}: issues the front's server certificate. */
    @Command(name = "server", mixinStandardHelpOptions = true, description = "Issue the TLS server certificate.")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "PKI directory (CA must exist)")
        Path dir;
        @Option(names = "--dns", split = ",", description = "DNS names (first one is the CN; default: localhost)")
        List<String> dns = new ArrayList<>();
        @Option(names = "--ip", split = ",", description = "IP addresses (default: 127.0.0.1 if no --dns)")
        List<String> ips = new ArrayList<>();
        @Option(names = "--days", defaultValue = "730", description = "validity in days (default: ${DEFAULT-VALUE})")
        int days;
        @Option(names = "--password", required = true, interactive = false, description = "PKCS#12 password")
        String password;

        @Override
        public Integer call() throws IOException {
            Pki pki = Pki.at(dir);
            if (dns.isEmpty() && ips.isEmpty()) {
                dns = Pki.DEFAULT_SERVER_DNS;
                ips = Pki.DEFAULT_SERVER_IPS;
            }
            String cn = dns.isEmpty() ? ips.get(0) : dns.get(0);
            IssuedCertificate server = pki.loadCa().newCertificate().subjectCommonName(cn).serverAuth()
                    .dnsNames(dns).ipAddresses(ips).validity(Duration.ofDays(days)).issue();
            pki.writeServer(server, password.toCharArray());
            spec.commandLine().getOut().printf("server certificate CN=%s serial %s -> %s%n", cn,
                    server.serialHex(), pki.serverCertificate());
            return 0;
        }
    }

    /** {@code certs client --dir D --operator CODE --org NAME}: issues an operator's client certificate. */
    @Command(name = "client", mixinStandardHelpOptions = true, description = "Issue an operator's client certificate.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "PKI directory (CA must exist)")
        Path dir;
        @Option(names = "--operator", required = true, description = "operator code, 5 characters [0-9A-Z]")
        String operator;
        @Option(names = "--org", required = true, description = "organisation name (subject O)")
        String organisation;
        @Option(names = "--days", defaultValue = "730", description = "validity in days (default: ${DEFAULT-VALUE})")
        int days;
        @Option(names = "--password", required = true, description = "PKCS#12 password")
        String password;

        @Override
        public Integer call() throws IOException {
            Pki pki = Pki.at(dir);
            OperatorCodes.requireValid(operator);
            IssuedCertificate client = pki.loadCa().issueClient(operator, organisation, Duration.ofDays(days));
            pki.writeClient(operator, client, password.toCharArray());
            spec.commandLine().getOut().printf("client certificate %s serial %s -> %s%n", operator,
                    client.serialHex(), pki.clientPkcs12(operator));
            return 0;
        }
    }

    /** {@code certs list --dir D}: prints every certificate with subject, serial and expiry. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the certificates in DIR.")
    static final class ListCerts implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "PKI directory")
        Path dir;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Pki pki = Pki.at(dir);
            List<Path> files = new ArrayList<>();
            for (Path p : List.of(pki.caCertificate(), pki.serverCertificate())) {
                if (Files.exists(p)) {
                    files.add(p);
                }
            }
            if (Files.isDirectory(pki.clientsDir())) {
                try (Stream<Path> s = Files.list(pki.clientsDir())) {
                    s.filter(p -> p.getFileName().toString().endsWith(".crt.pem")).sorted().forEach(files::add);
                }
            }
            for (Path f : files) {
                X509Certificate c = Pem.readCertificate(f);
                out.printf("%-24s serial=%s notAfter=%s operator=%s subject=%s%n", dir.relativize(f),
                        c.getSerialNumber().toString(16), c.getNotAfter().toInstant(),
                        CertificateNames.operatorCode(c).orElse("-"), CertificateNames.subject(c));
            }
            return 0;
        }
    }
}
