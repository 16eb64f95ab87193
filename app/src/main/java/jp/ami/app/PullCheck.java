package jp.ami.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import jp.ami.certs.Pki;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.store.StoredValue;
import jp.ami.retailer.RemoteFile;
import jp.ami.retailer.RetailerClient;
import jp.ami.retailer.RetailerHttpException;
import jp.ami.retailer.TlsMaterial;

/**
 * A retailer's pull through the front over mutual TLS, checked value by value against QuestDB, and the front's
 * refusals: of the other retailer's files (by name, by path traversal, by a spoofed operator header) and of a
 * client without a certificate.
 */
final class PullCheck {
    private final MdmsServer mdms;
    private final Pki pki;
    private final DemoProgress progress;
    private String exampleFile;
    private RetailerPull pull;

    PullCheck(MdmsServer mdms, Pki pki, DemoProgress progress) {
        this.mdms = mdms;
        this.pki = pki;
        this.progress = progress;
    }

    /** {@code retailer} pulls everything it can through the front at {@code base}; prints what it found. */
    DemoSummary.Pull pullAndVerify(String retailer, String otherRetailer, URI base) throws Exception {
        SSLContext mine = RetailerTls.of(pki, retailer);
        RetailerPull pull = RetailerPull.of(retailer, new RetailerClient(base, mine));
        long[] checked = new long[1];
        Map<Long, List<StoredValue>> storedBySlot = new HashMap<>();
        boolean verified = pull.verify(s -> storedBySlot.computeIfAbsent(s, mdms.store()::read), mdms.master().registry(), mdms.config().statusMissing(), checked);
        exampleFile = pull.exampleFile;
        Map<String, byte[]> myBytes = new HashMap<>();
        RetailerClient client = new RetailerClient(base, mine);
        for (RemoteFile f : client.list()) {
            myBytes.put(f.name(), client.download(f.name()));
        }
        boolean otherDenied = otherRetailerDenied(retailer, otherRetailer, base, mine, myBytes);
        boolean noCertDenied = noCertificateDenied(base);
        progress.step("pull", "%s pulled %d files (%d per-day, %,d bytes) over mutual TLS; %,d values equal QuestDB: %s; other retailer's files denied: %s; no certificate denied: %s",
                retailer, pull.files, pull.dayFiles, pull.bytes, checked[0], verified, otherDenied, noCertDenied);
        this.pull = pull;
        return new DemoSummary.Pull(retailer, pull.files, pull.bytes, verified, otherDenied, noCertDenied, checked[0], pull.dayFiles);
    }

    /** A file the retailer pulled, for the printed curl example; null before the pull. */
    String exampleFile() {
        return exampleFile;
    }

    /** The pull once it has been checked; null before. */
    RetailerPull pull() {
        return pull;
    }

    /**
     * Real attempts by {@code retailer} at {@code other}'s files through the front: names only the other
     * retailer has (404 expected), a path-traversal name (4xx expected), and a spoofed operator header (must
     * not change whose file is served). Passes only if no byte of the other retailer's files came back.
     */
    /** How many of the other retailer's files the refusal check tries (a sample spread over the run). */
    static final int OTHER_FILES_TRIED = 12;

    private boolean otherRetailerDenied(String retailer, String other, URI base, SSLContext mine, Map<String, byte[]> myBytes) throws Exception {
        Map<String, byte[]> theirs = new HashMap<>();
        var files = mdms.outbox().listAfter(other, "W4", null);
        // a sample spread over the run (a month has thousands of files; the front would rate-limit trying them all)
        int step = Math.max(1, files.size() / OTHER_FILES_TRIED);
        for (int i = 0; i < files.size(); i += step) {
            theirs.put(files.get(i).name(), Files.readAllBytes(files.get(i).path()));
        }
        if (theirs.isEmpty()) {
            return false;
        }
        HttpClient http = HttpClient.newBuilder().sslContext(mine).connectTimeout(Duration.ofSeconds(10)).build();
        boolean denied = true;
        for (var e : theirs.entrySet()) {
            String name = e.getKey();
            // 1. the other retailer's file by name: 404 unless we have a file of that name ourselves (then ours, not theirs)
            HttpResponse<byte[]> r = jp.ami.retailer.RateLimitRetry.send(http, HttpRequest.newBuilder(base.resolve("/30min/FileReceiver?file=" + name))
                    .header("X-Ami-Operator", other).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                denied &= myBytes.containsKey(name) && Arrays.equals(r.body(), myBytes.get(name)) && !Arrays.equals(r.body(), e.getValue());
            } else {
                denied &= r.statusCode() == 404 && !myBytes.containsKey(name);
            }
            // 2. path traversal into the other retailer's outbox
            HttpResponse<byte[]> t = jp.ami.retailer.RateLimitRetry.send(http, HttpRequest.newBuilder(
                    base.resolve("/30min/FileReceiver?file=../" + other + "/" + name)).build(), HttpResponse.BodyHandlers.ofByteArray());
            denied &= t.statusCode() >= 400 && t.statusCode() < 500 && !Arrays.equals(t.body(), e.getValue());
        }
        // 3. a file name that exists for nobody
        HttpResponse<byte[]> none = jp.ami.retailer.RateLimitRetry.send(http, HttpRequest.newBuilder(
                base.resolve("/30min/FileReceiver?file=W41110209912312330990001.zip")).build(), HttpResponse.BodyHandlers.ofByteArray());
        denied &= none.statusCode() == 404;
        return denied;
    }

    private boolean noCertificateDenied(URI base) throws IOException {
        RetailerClient anonymous = new RetailerClient(base, TlsMaterial.withoutClientCertificate(pki.caCertificate()), Duration.ofSeconds(10));
        try {
            anonymous.list();
            return false;
        } catch (RetailerHttpException e) {
            return e.statusCode() != 200;
        } catch (IOException e) {
            return true;
        }
    }
}
