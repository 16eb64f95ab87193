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
 * issue; {@code revoke} and {@code crl} maintain the CRL; {@code suspend} and {@code resume} the operator
 * suspension list; {@code list} shows the register. All work on a {@link Pki} directory.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "Certificate authority for the DMZ front: CA, server and operator client certificates.",
        subcommands = {CertsCommand.Init.class, CertsCommand.Server.class, CertsCommand.Client.class,
                CertsCommand.ListCerts.class, CertsCommand.Revoke.class, CertsCommand.Crl.class,
                CertsCommand.Suspend.class, CertsCommand.Resume.class})
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

    /**
     * What every subcommand has: the PKI directory it works on and the command line's output. A subcommand that
     * returns has succeeded (exit code 0); what fails throws (a {@link #usage} error, or one picocli reports).
     */
    abstract static class PkiCommand implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", required = true, description = "PKI directory")
        Path dir;

        @Override
        public final Integer call() throws IOException {
            run(Pki.at(dir), spec.commandLine().getOut());
            return 0;
        }

        abstract void run(Pki pki, PrintWriter out) throws IOException;

        /** A usage error: picocli prints it as one line with the usage. */
        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** A subcommand about one operator, whose code is checked before it runs. */
    abstract static class OperatorCommand extends PkiCommand {
        @Option(names = "--operator", required = true, description = "operator code, 5 characters [0-9A-Z]")
        String operator;

        @Override
        final void run(Pki pki, PrintWriter out) throws IOException {
            run(pki, OperatorCodes.requireValid(operator), out);
        }

        /** Runs for {@code operator}, a valid code. */
        abstract void run(Pki pki, String operator, PrintWriter out) throws IOException;
    }

    /** {@code certs init --dir D [--name CN]}: creates the CA when absent. */
    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create the CA in DIR if absent.")
    static final class Init extends PkiCommand {
        @Option(names = "--name", defaultValue = Pki.DEFAULT_CA_NAME, description = "CA common name (default: ${DEFAULT-VALUE})")
        String name;

        @Override
        void run(Pki pki, PrintWriter out) throws IOException {
            boolean existed = pki.hasCa();
            CertificateAuthority ca = pki.loadOrCreateCa(name);
            out.printf("%s CA %s (%s)%n", existed ? "existing" : "created",
                    ca.subject(), pki.caCertificate());
        }
    }

    /** {@code certs server --dir D --dns NAME --ip ADDR}: issues the front's server certificate. */
    @Command(name = "server", mixinStandardHelpOptions = true, description = "Issue the TLS server certificate.")
    static final class Server extends PkiCommand {
        @Option(names = "--dns", split = ",", description = "DNS names (first one is the CN; default: localhost)")
        List<String> dns = new ArrayList<>();
        @Option(names = "--ip", split = ",", description = "IP addresses (default: 127.0.0.1 if no --dns)")
        List<String> ips = new ArrayList<>();
        @Option(names = "--days", defaultValue = "730", description = "validity in days (default: ${DEFAULT-VALUE})")
        int days;
        @Option(names = "--password", required = true, interactive = false, description = "PKCS#12 password")
        String password;

        @Override
        void run(Pki pki, PrintWriter out) throws IOException {
            if (dns.isEmpty() && ips.isEmpty()) {
                dns = Pki.DEFAULT_SERVER_DNS;
                ips = Pki.DEFAULT_SERVER_IPS;
            }
            String cn = dns.isEmpty() ? ips.get(0) : dns.get(0);
            IssuedCertificate server = pki.loadCa().newCertificate().subjectCommonName(cn).serverAuth()
                    .dnsNames(dns).ipAddresses(ips).validity(Duration.ofDays(days)).issue();
            pki.writeServer(server, password.toCharArray());
            out.printf("server certificate CN=%s serial %s -> %s%n", cn,
                    server.serialHex(), pki.serverCertificate());
        }
    }

    /** {@code certs client --dir D --operator CODE --org NAME}: issues an operator's client certificate. */
    @Command(name = "client", mixinStandardHelpOptions = true, description = "Issue an operator's client certificate.")
    static final class Client extends OperatorCommand {
        @Option(names = "--org", required = true, description = "organisation name (subject O)")
        String organisation;
        @Option(names = "--days", defaultValue = "730", description = "validity in days (default: ${DEFAULT-VALUE})")
        int days;
        @Option(names = "--password", required = true, description = "PKCS#12 password")
        String password;

        @Override
        void run(Pki pki, String operator, PrintWriter out) throws IOException {
            IssuedCertificate client = pki.loadCa().issueClient(operator, organisation, Duration.ofDays(days));
            pki.writeClient(operator, client, password.toCharArray());
            out.printf("client certificate %s serial %s -> %s%n", operator,
                    client.serialHex(), pki.clientPkcs12(operator));
        }
    }

    /** {@code certs list --dir D}: the CA and every issued certificate from the register, with status. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the CA and every certificate issued from DIR (serial, kind, status, operator, validity, subject),"
                    + " and the suspended operators.")
    static final class ListCerts extends PkiCommand {
        @Override
        void run(Pki pki, PrintWriter out) throws IOException {
            if (Files.exists(pki.caCertificate())) {
                X509Certificate c = Pem.readCertificate(pki.caCertificate());
                out.printf("%-24s serial=%s kind=ca notAfter=%s subject=%s%n", "ca.crt.pem",
                        c.getSerialNumber().toString(16), c.getNotAfter().toInstant(), CertificateNames.subject(c));
            }
            CertificateIndex index = CertificateIndex.load(pki.index());
            for (CertificateIndex.Entry e : index.entries()) {
                String file = e.kind().equals("server") ? "server.crt.pem"
                        : e.operator() != null ? "clients/" + e.operator() + ".crt.pem" : "-";
                out.printf("%-24s serial=%s kind=%s status=%s operator=%s notBefore=%s notAfter=%s%s subject=%s%n",
                        file, e.serialHex(), e.kind(), e.status(), e.operator() == null ? "-" : e.operator(),
                        e.notBefore(), e.notAfter(),
                        e.revokedAt() == null ? "" : " revokedAt=" + e.revokedAt() + " reason=" + e.reason(), e.subject());
            }
            if (index.entries().isEmpty() && Files.isDirectory(pki.clientsDir())) { // a PKI made before the register
                List<Path> files = new ArrayList<>();
                if (Files.exists(pki.serverCertificate())) {
                    files.add(pki.serverCertificate());
                }
                try (Stream<Path> s = Files.list(pki.clientsDir())) {
                    s.filter(p -> p.getFileName().toString().endsWith(".crt.pem")).sorted().forEach(files::add);
                }
                for (Path f : files) {
                    X509Certificate c = Pem.readCertificate(f);
                    out.printf("%-24s serial=%s status=UNREGISTERED notAfter=%s operator=%s subject=%s%n", dir.relativize(f),
                            c.getSerialNumber().toString(16), c.getNotAfter().toInstant(),
                            CertificateNames.operatorCode(c).orElse("-"), CertificateNames.subject(c));
                }
            }
            SuspensionList suspended = SuspensionList.load(pki.suspended());
            suspended.entries().forEach((code, comment) -> out.printf("suspended operator=%s%s%n", code,
                    comment.isEmpty() ? "" : " comment=" + comment));
        }
    }

    /** {@code certs revoke --dir D (--serial HEX | --operator CODE) [--reason R]}: revokes and rewrites the CRL. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a certificate (by serial) or every valid certificate of an operator, and rewrite crl.pem."
                    + " The front reloads the CRL without a restart.")
    static final class Revoke extends PkiCommand {
        @Option(names = "--serial", description = "serial number in hex (as shown by certs list)")
        String serial;
        @Option(names = "--operator", description = "revoke every valid certificate of this operator code")
        String operator;
        @Option(names = "--reason", defaultValue = "unspecified",
                description = "unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation,"
                        + " privilegeWithdrawn (default: ${DEFAULT-VALUE})")
        String reason;

        @Override
        void run(Pki pki, PrintWriter out) throws IOException {
            if ((serial == null) == (operator == null)) {
                throw usage("give exactly one of --serial or --operator");
            }
            List<CertificateIndex.Entry> done;
            try {
                RevocationReason why = RevocationReason.parse(reason);
                done = serial != null ? List.of(pki.revoke(serial, why)) : pki.revokeOperator(operator, why);
            } catch (IllegalArgumentException e) { // unknown serial, bad reason, bad code: a message, not a trace
                throw usage(e.getMessage());
            }
            for (CertificateIndex.Entry e : done) {
                out.printf("revoked serial=%s operator=%s reason=%s%n", e.serialHex(),
                        e.operator() == null ? "-" : e.operator(), e.reason());
            }
            out.printf("CRL written: %s%n", pki.crl());
        }
    }

    /** {@code certs crl --dir D [--days N]}: re-signs the CRL. */
    @Command(name = "crl", mixinStandardHelpOptions = true,
            description = "Re-sign crl.pem from the register (do it before its nextUpdate, e.g. daily).")
    static final class Crl extends PkiCommand {
        @Option(names = "--days", defaultValue = "7", description = "days until nextUpdate (default: ${DEFAULT-VALUE})")
        int days;

        @Override
        void run(Pki pki, PrintWriter out) throws IOException {
            if (days < 1) {
                throw usage("days: \"" + days + "\" must be >= 1");
            }
            java.security.cert.X509CRL crl = pki.writeCrl(Duration.ofDays(days));
            out.printf("CRL %s: %d revoked, nextUpdate %s%n", pki.crl(),
                    crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size(),
                    crl.getNextUpdate().toInstant());
        }
    }

    /** {@code certs suspend --dir D --operator CODE [--comment TEXT]}. */
    @Command(name = "suspend", mixinStandardHelpOptions = true,
            description = "Suspend an operator: the front refuses it and closes its open connections (the certificate stays valid).")
    static final class Suspend extends OperatorCommand {
        @Option(names = "--comment", defaultValue = "", description = "why (kept in suspended.txt)")
        String comment;

        @Override
        void run(Pki pki, String operator, PrintWriter out) throws IOException {
            pki.suspend(operator, java.time.Instant.now() + (comment.isBlank() ? "" : " " + comment));
            out.printf("suspended %s (%s)%n", operator, pki.suspended());
        }
    }

    /** {@code certs resume --dir D --operator CODE}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a suspended operator.")
    static final class Resume extends OperatorCommand {
        @Override
        void run(Pki pki, String operator, PrintWriter out) throws IOException {
            boolean was = pki.resume(operator);
            out.printf(was ? "resumed %s%n" : "%s was not suspended%n", operator);
        }
    }
}
