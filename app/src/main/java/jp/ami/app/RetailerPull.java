package jp.ami.app;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongFunction;
import jp.ami.mdms.store.StoredValue;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.retailer.RemoteFile;
import jp.ami.retailer.RetailerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one retailer can pull through the front, downloaded and parsed: the latest revision of each
 * per-slot file and of each per-day file, as values by slot index and supply point. {@link #verify} checks
 * them against QuestDB.
 *
 * <p>File name fields used here (see the MDMS's {@code FileNames}): {@code W4 VV KK YYYYMMDDHHMM RR SSSS .zip}
 * — kind {@code KK} at 4–5 (10 per slot, 20 per day), the time at 6–17, revision at 18–19, split at 20–23.
 */
final class RetailerPull {
    private static final Logger LOG = LoggerFactory.getLogger(RetailerPull.class);

    final String retailer;
    int files;
    long bytes;
    int dayFiles;
    /** Latest per-slot values: slot index → supply point → entry. */
    final Map<Long, Map<String, W4FileReader.Entry>> slots = new TreeMap<>();
    /** Latest per-day values, by the slot index of each slot they hold. */
    final Map<Long, Map<String, W4FileReader.Entry>> daySlots = new TreeMap<>();
    String exampleFile;

    private RetailerPull(String retailer) {
        this.retailer = retailer;
    }

    static RetailerPull of(String retailer, RetailerClient client) throws IOException {
        RetailerPull pull = new RetailerPull(retailer);
        List<RemoteFile> listed = client.list();
        // keep, per file key (kind + time + split), only the highest revision
        Map<String, RemoteFile> latest = new TreeMap<>();
        for (RemoteFile f : listed) {
            String key = f.name().substring(4, 18) + f.name().substring(20, 24);
            RemoteFile prev = latest.get(key);
            if (prev == null || prev.name().substring(18, 20).compareTo(f.name().substring(18, 20)) < 0) {
                latest.put(key, f);
            }
        }
        for (RemoteFile f : latest.values()) {
            byte[] zip = client.download(f.name());
            pull.files++;
            pull.bytes += zip.length;
            W4FileReader.W4File w4 = W4FileReader.read(zip);
            if (!pull.retailer.equals(w4.receiver())) {
                throw new IOException(f.name() + " is addressed to " + w4.receiver() + ", pulled by " + pull.retailer);
            }
            LocalDate date = LocalDate.parse(w4.date(), DateTimeFormatter.BASIC_ISO_DATE);
            Map<Long, Map<String, W4FileReader.Entry>> target = w4.perDay() ? pull.daySlots : pull.slots;
            if (w4.perDay()) {
                pull.dayFiles++;
            } else if (pull.exampleFile == null) {
                pull.exampleFile = f.name();
            }
            for (var e : w4.slots().entrySet()) {
                target.computeIfAbsent(Slots.index(date, e.getKey()), k -> new HashMap<>()).putAll(e.getValue());
            }
        }
        return pull;
    }

    /**
     * True when every value in the latest files equals QuestDB's, and each slot's files hold exactly the
     * points this retailer supplies in that slot. Returns the number of values compared through {@code checked}.
     */
    boolean verify(LongFunction<List<StoredValue>> stored, SupplyRegistry registry, String missingStatus, long[] checked) {
        boolean ok = !slots.isEmpty();
        for (Map<Long, Map<String, W4FileReader.Entry>> view : List.of(slots, daySlots)) {
            for (var e : view.entrySet()) {
                long slot = e.getKey();
                Map<String, W4FileReader.Entry> inFile = e.getValue();
                List<StoredValue> rows = stored.apply(slot);
                if (rows.isEmpty() && view == daySlots) {
                    // a per-day file always holds the whole day; slots the platform never ran are delivered missing
                    for (var entry : inFile.values()) {
                        ok &= missingStatus.equals(entry.status()) && entry.valueUnits() == null;
                    }
                    continue;
                }
                int expected = 0;
                for (StoredValue v : rows) {
                    int p = registry.indexOf(jp.ami.model.SupplyPointId.of(v.supplyPointId()));
                    if (!registry.retailerAt(p, slot).value().equals(retailer)) {
                        if (inFile.containsKey(v.supplyPointId())) {
                            ok = false;
                            LOG.error("{} received {} for slot {}, which it does not supply", retailer, v.supplyPointId(), slot);
                        }
                        continue;
                    }
                    expected++;
                    W4FileReader.Entry got = inFile.get(v.supplyPointId());
                    if (got == null || !got.status().equals(v.status()) || !Objects.equals(got.valueUnits(), v.valueUnits())) {
                        ok = false;
                        LOG.error("{} slot {} point {}: file {} QuestDB {}", retailer, slot, v.supplyPointId(), got, v);
                    }
                    checked[0]++;
                }
                if (expected != inFile.size()) {
                    ok = false;
                    LOG.error("{} slot {}: files hold {} values, QuestDB {}", retailer, slot, inFile.size(), expected);
                }
            }
        }
        return ok;
    }

    /** Whether this retailer's latest per-slot file for {@code slot} holds {@code point}. */
    boolean holds(long slot, String point) {
        Map<String, W4FileReader.Entry> m = slots.get(slot);
        return m != null && m.containsKey(point);
    }
}
