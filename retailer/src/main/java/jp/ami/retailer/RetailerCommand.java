package jp.ami.retailer;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code retailer}: a retailer's command-line client; subcommand {@code pull} fetches new files. */
@Command(name = "retailer", mixinStandardHelpOptions = true,
        description = "Retailer client for the 30-minute value pull API (mutual TLS).",
        subcommands = RetailerCommand.Pull.class)
public final class RetailerCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RetailerCommand()).execute(args));
    }

    /** Client credentials: a PKCS#12 file with its password, or a PEM certificate and key. */
    static final class Credentials {
        @ArgGroup(exclusive = false)
        Pkcs12 pkcs12;
        @ArgGroup(exclusive = false)
        PemPair pem;
    }

    static final class Pkcs12 {
        @Option(names = "--p12", required = true, description = "client PKCS#12 key store")
        Path file;
        @Option(names = "--password", required = true, description = "PKCS#12 password")
        String password;
    }

    static final class PemPair {
        @Option(names = "--cert", required = true, description = "client certificate PEM")
        Path cert;
        @Option(names = "--key", required = true, description = "client private key PEM (PKCS#8)")
        Path key;
    }

    /**
     * {@code retailer pull --url URL (--p12 FILE --password PW | --cert PEM --key PEM) --ca FILE --out DIR
     * [--unzip] [--csv]}: lists the caller's files and downloads those not downloaded before (remembered in
     * {@code DIR/}{@value PullState#FILE_NAME}), checking each size against the list and Content-Length;
     * {@code --unzip} puts the XML in {@code DIR/xml}, {@code --csv} the values in {@code DIR/csv/NAME.csv}
     * ({@value W4Files#CSV_HEADER}).
     */
    /** The {@code --stream} choices. */
    enum StreamChoice {
        values(RetailerClient.Stream.VALUES), usage(RetailerClient.Stream.USAGE), all(RetailerClient.Stream.VALUES, RetailerClient.Stream.USAGE);

        private final List<RetailerClient.Stream> streams;

        StreamChoice(RetailerClient.Stream... streams) {
            this.streams = List.of(streams);
        }

        List<RetailerClient.Stream> streams() {
            return streams;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Download new files into --out (incremental: remembers what it has in --out/" + PullState.FILE_NAME
                    + "), check sizes, optionally unzip (--unzip → out/xml) and convert to CSV (--csv → out/csv).")
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--url", defaultValue = "https://127.0.0.1:8443", description = "front base URL (default: ${DEFAULT-VALUE})")
        URI url;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Credentials credentials;
        @Option(names = "--ca", required = true, description = "CA certificate PEM that issued the front's certificate")
        Path ca;
        @Option(names = "--out", required = true, description = "download directory")
        Path out;
        @Option(names = "--json", description = "use the JSON file list instead of the legacy HTML one")
        boolean json;
        @Option(names = "--unzip", description = "extract the XML of each new file into OUT/xml")
        boolean unzip;
        @Option(names = "--csv", description = "write each new file's values as OUT/csv/NAME.csv: " + W4Files.CSV_HEADER
                + " (W4), " + W5Files.CSV_HEADER + " (W5)")
        boolean csv;
        @Option(names = "--stream", defaultValue = "all", description = "what to pull: values (W4 30-minute values), usage"
                + " (W5 confirmed-usage notices) or all (default: ${DEFAULT-VALUE})")
        StreamChoice stream;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            SSLContext ssl = credentials.pkcs12 != null
                    ? TlsMaterial.fromPkcs12(credentials.pkcs12.file, credentials.pkcs12.password.toCharArray(), ca)
                    : TlsMaterial.fromPem(credentials.pem.cert, credentials.pem.key, ca);
            RetailerClient client = new RetailerClient(url, ssl);
            List<RemoteFile> files = new java.util.ArrayList<>();
            for (RetailerClient.Stream st : stream.streams()) {
                files.addAll(json ? client.listJson(st) : client.list(st));
            }
            Files.createDirectories(out);
            PullState state = PullState.load(out);
            int fetched = 0;
            int skipped = 0;
            for (RemoteFile f : files) {
                if (!RetailerClient.FILE_NAME.matcher(f.name()).matches()) {
                    o.printf("skipping unexpected name %s%n", f.name());
                    skipped++;
                    continue;
                }
                if (state.has(f.name())) {
                    continue;
                }
                Path existing = out.resolve(f.name());
                if (Files.exists(existing) && f.size() >= 0 && Files.size(existing) == f.size()) {
                    state.record(f.name(), f.size()); // downloaded by an earlier version without state
                    continue;
                }
                Path p = client.download(f, out);
                long size = Files.size(p);
                o.printf("downloaded %s (%d bytes)%n", p.getFileName(), size);
                if (unzip) {
                    for (Path x : W4Files.unzip(p, out.resolve("xml"))) {
                        o.printf("  unzipped %s%n", out.relativize(x));
                    }
                }
                if (csv) {
                    Path c = out.resolve("csv").resolve(f.name().replace(".zip", ".csv"));
                    long rows = f.name().startsWith("W5") ? W5Files.zipToCsv(p, c) : W4Files.zipToCsv(p, c);
                    o.printf("  %d rows -> %s%n", rows, out.relativize(c));
                }
                state.record(f.name(), size);
                fetched++;
            }
            o.printf("%d listed, %d downloaded, %d already present, %d skipped%n", files.size(), fetched,
                    files.size() - fetched - skipped, skipped);
            return 0;
        }
    }
}
