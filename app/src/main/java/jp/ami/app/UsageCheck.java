package jp.ami.app;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipInputStream;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.usage.NoticeKind;
import jp.ami.mdms.usage.UsageFileNames;
import jp.ami.mdms.usage.UsageNotices;
import jp.ami.mdms.usage.UsageStats;
import jp.ami.model.Kwh;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.BusinessCalendar;
import jp.ami.model.calendar.ReadingCalendar;
import jp.ami.retailer.RemoteFile;
import jp.ami.retailer.RetailerClient;
import jp.ami.retailer.W5Files;

/**
 * The demo's check of the confirmed-usage notices (W5):
 * <ul>
 *   <li><b>coverage</b>: for every reading day inside the run, every retailer supplying a point of a group read that
 *       day received that day's monthly notice;</li>
 *   <li><b>deadline</b>: the share of first issues published (on the simulated clock) within
 *       {@value #DEADLINE_BUSINESS_DAYS} business days of their date;</li>
 *   <li><b>pull</b>: one retailer pulls its notices through the front over mutual TLS; the usage of every record of the
 *       latest revision equals the total of that point's values in QuestDB over the record's period, and its register
 *       check code says whether the registers agreed.</li>
 * </ul>
 */
final class UsageCheck {
    static final int DEADLINE_BUSINESS_DAYS = 4;

    private UsageCheck() {
    }

    static DemoSummary.ConfirmedUsage check(MdmsServer mdms, UsageNoticeLog log, RetailerClient client, long first, long last,
                                            DemoProgress progress) throws Exception {
        UsageNotices usage = mdms.engine().usage();
        UsageStats stats = usage.stats();
        List<UsageNoticeLog.Notice> notices = log.notices();
        ReadingCalendar calendar = usage.calendar();
        BusinessCalendar business = calendar.business();
        long firstIssues = 0;
        long onTime = 0;
        Set<String> received = new HashSet<>();
        for (UsageNoticeLog.Notice n : notices) {
            received.add(n.retailer() + "/" + n.name().substring(0, 14));
            if (n.revision() == 0 && n.name().endsWith("00001.zip")) {
                firstIssues++;
                LocalDate published = LocalDate.ofInstant(n.publishedAt(), Slots.JST);
                if (business.businessDaysAfter(n.date(), published) <= DEADLINE_BUSINESS_DAYS) {
                    onTime++;
                }
            }
        }
        int[] coverage = coverage(mdms, usage, calendar, received, first, last);
        Pulled pulled = pull(mdms, client);
        DemoSummary.ConfirmedUsage result = new DemoSummary.ConfirmedUsage(stats.files(), stats.monthly() + stats.specials(),
                stats.mismatches() == 0 && stats.unverifiable() == 0 && stats.matches() > 0,
                firstIssues == 0 ? 0 : Math.round(onTime * 10000.0 / firstIssues) / 10000.0, stats.exchanges(), stats.specials(),
                stats.mismatches(), stats.unverifiable(), stats.cannotProvide(), stats.reissues(), coverage[0], coverage[1],
                pulled.files, pulled.records, pulled.verified, Math.round(stats.lastCloseNanos() / 1e5) / 10.0);
        if (result.files() == 0) {
            progress.step("usage", "no confirmed-usage notice was due: no reading day, off-cycle switch or exchange day closed inside "
                    + "the run (a month: --days 35)");
            return result;
        }
        progress.step("usage", "%,d confirmed-usage files (%,d monthly/special records, %,d exchanges, %,d special readings); "
                        + "registers match: %s (mismatch %d, unverifiable %d, cannot provide %d); re-issued %d; within %d business days: %.1f %%; "
                        + "groups × retailers delivered %d of %d; pulled %d files, %,d records equal QuestDB: %s",
                result.files(), result.points(), result.exchanges(), result.specialReadings(), result.matchesRegisters(), result.mismatches(),
                result.unverifiable(), result.cannotProvide(), result.reissues(), DEADLINE_BUSINESS_DAYS, result.withinDeadline() * 100,
                result.groupsDelivered(), result.groupsExpected(), result.pulledFiles(), result.pulledRecords(), result.pulledVerified());
        return result;
    }

    /**
     * {expected, delivered}: (retailer, group, reading day) with the day's close inside the run and the retailer supplying
     * a point of the group the day before, and of those the ones whose monthly notice the retailer received.
     */
    private static int[] coverage(MdmsServer mdms, UsageNotices usage, ReadingCalendar calendar, Set<String> received, long first,
                                  long last) {
        SupplyRegistry registry = mdms.master().registry();
        Set<String> expected = new HashSet<>();
        LocalDate from = Slots.jstDate(first);
        LocalDate to = Slots.jstDate(last);
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            long slot1 = Slots.firstOfDay(d.toEpochDay());
            if (slot1 > last) {
                break;
            }
            for (int p = 0; p < registry.size(); p++) {
                int g = usage.readingGroup(p);
                if (calendar.isReadingDay(g, d)) {
                    expected.add(registry.retailerAt(p, slot1 - 1).value() + "/" + g + "/" + d);
                }
            }
        }
        int delivered = 0;
        for (String e : expected) {
            String[] f = e.split("/");
            LocalDate d = LocalDate.parse(f[2]);
            String stem = UsageFileNames.stem(NoticeKind.MONTHLY, d);
            if (received.contains(f[0] + "/" + stem)) {
                delivered++;
            }
        }
        return new int[] {expected.size(), delivered};
    }

    private record Pulled(int files, long records, boolean verified) {
    }

    /** Pulls the retailer's notices (latest revision of each) and checks every usage against QuestDB's totals. */
    private static Pulled pull(MdmsServer mdms, RetailerClient client) throws Exception {
        Map<String, RemoteFile> latest = new TreeMap<>();
        for (RemoteFile f : client.listJson(RetailerClient.Stream.USAGE)) {
            String key = f.name().substring(0, 14) + f.name().substring(16); // stem + split
            RemoteFile had = latest.get(key);
            if (had == null || had.name().compareTo(f.name()) < 0) {
                latest.put(key, f);
            }
        }
        Map<String, Map<String, Long>> totals = new HashMap<>();
        long records = 0;
        boolean verified = !latest.isEmpty();
        for (RemoteFile f : latest.values()) {
            byte[] zip = client.download(f.name());
            List<List<String>> rows = new ArrayList<>();
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                while (in.getNextEntry() != null) {
                    W5Files.read(new NonClosing(in), rows::add); // the XML reader closes what it reads
                }
            }
            for (List<String> row : rows) {
                records++;
                // supply_point, notice, date, period_start, period_end, can_provide, usage_kwh, ...
                if (row.get(1).equals(NoticeKind.EXCHANGE.infoClass()) || !row.get(5).equals("0")) {
                    continue;
                }
                LocalDate start = LocalDate.parse(row.get(3), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                LocalDate end = LocalDate.parse(row.get(4), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
                Map<String, Long> t = totals.computeIfAbsent(start + "/" + end, k -> mdms.store().totals(midnight(start), midnight(end.plusDays(1))));
                verified &= Kwh.parseUnits(row.get(6)) == t.getOrDefault(row.get(0), 0L);
            }
        }
        return new Pulled(latest.size(), records, verified);
    }

    private static Instant midnight(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.ofHours(9));
    }

    /** Lets the XML reader consume one ZIP entry without closing the ZIP. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(java.io.InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
