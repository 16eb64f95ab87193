package jp.ami.app;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import jp.ami.certs.Pki;
import jp.ami.mdms.MdmsServer;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.retailer.RetailerClient;
import jp.ami.sim.SimConfig;
import jp.ami.switching.SwitchingServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supplier switch the demo plays through the front: before the slots run, one retailer applies to take a point
 * of another at the first midnight of the run, and a third applies (IF_10310, with the customer's consent) to read
 * the point's usage values; after the run, {@link #check} reads both retailers' files and the usage values.
 */
final class DemoSwitching {
    /** Under the demo's name in the log, like the demo's other lines. */
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    private final Pki pki;
    private final DemoServices services;
    private final DemoProgress progress;
    private final OperatorCode currentRetailer;
    private final OperatorCode newRetailer;
    private final OperatorCode usageRetailer;
    private LocalDate switchDate;
    private SupplyPointId switchedPoint;
    private boolean wrongOperatorDenied;
    private String usageApplication;
    private String malformedJsonField;

    private DemoSwitching(SimConfig simConfig, Pki pki, DemoServices services, DemoProgress progress) {
        this.pki = pki;
        this.services = services;
        this.progress = progress;
        this.currentRetailer = simConfig.retailers().get(0);
        this.newRetailer = simConfig.retailers().get(1);
        this.usageRetailer = simConfig.retailers().get(2);
    }

    /** Files the switch and the usage application through the front, the clock still standing before {@code first}. */
    /** Runs longer than this renew the usage consent before reading (a consent lasts at most one month). */
    static final java.time.Duration CONSENT_RENEWED_AFTER = java.time.Duration.ofDays(27);

    static DemoSwitching file(SimConfig simConfig, Pki pki, DemoServices services, long first, long last, DemoProgress progress)
            throws Exception {
        DemoSwitching d = new DemoSwitching(simConfig, pki, services, progress);
        d.file(first);
        if (last - first + 1 >= OFF_CYCLE_AFTER_SLOTS) {
            d.fileOffCycle(first);
        }
        return d;
    }

    /** Runs of at least this many slots also switch a second point off its reading day (a special reading, 臨時検針). */
    static final int OFF_CYCLE_AFTER_SLOTS = 4 * Slots.SLOTS_PER_DAY;

    /**
     * A second switch, two days after the first one (or the first day after that which is not the point's reading day),
     * at the customer's request: the outgoing retailer gets a special reading up to it (W51420), the incoming one's
     * monthly notice starts there.
     */
    private void fileOffCycle(long first) throws Exception {
        var registry = services.mdms().master().registry();
        var calendar = services.switching().config().readingCalendar();
        SupplyPointId point = null;
        for (int p = 0; p < registry.size() && point == null; p++) {
            SupplyPointId id = registry.pointAt(p);
            if (registry.retailerAt(p, first).equals(currentRetailer) && !id.equals(switchedPoint)) {
                point = id;
            }
        }
        if (point == null) {
            return;
        }
        int group = services.switching().service().readingGroup(point);
        LocalDate date = switchDate.plusDays(2);
        while (calendar.isReadingDay(group, date)) {
            date = date.plusDays(1);
        }
        SwitchingScenario scenario = new SwitchingScenario(URI.create("https://127.0.0.1:" + services.frontPort()),
                RetailerTls.of(pki, currentRetailer.value()), RetailerTls.of(pki, newRetailer.value()));
        Map<String, String> filed = scenario.file(point, date, true);
        progress.step("switch", "%s applied to take %s from %s on %s, off its reading day at the customer's request (start %s): "
                + "a special reading for %s", newRetailer, point, currentRetailer, date, filed.get("start"), currentRetailer);
    }

    private void file(long first) throws Exception {
        MdmsServer mdms = services.mdms();
        SwitchingServer switching = services.switching();
        // A retailer takes over one point of another at the first midnight of the run, through the front: a point
        // whose reading day that is, or — when it is nobody's (a weekend, a holiday) — the first point, off-cycle at
        // the customer's request, so that the run sees the switch either way.
        switchDate = Slots.number(first) == 1 ? Slots.jstDate(first) : Slots.jstDate(first).plusDays(1);
        switchedPoint = pointReadOn(currentRetailer, first, switchDate);
        boolean offCycle = switchedPoint == null;
        if (offCycle) {
            switchedPoint = firstPointOf(currentRetailer, first);
        }
        SwitchingScenario scenario = new SwitchingScenario(URI.create("https://127.0.0.1:" + services.frontPort()),
                RetailerTls.of(pki, currentRetailer.value()), RetailerTls.of(pki, newRetailer.value()));
        Map<String, String> filed = scenario.file(switchedPoint, switchDate, offCycle);
        wrongOperatorDenied = scenario.foreignReadStatus() == 403;
        // IF_10310: the customer gives a third retailer its consent password (registered by us, the TSO); the
        // retailer applies through the front and, after the run, reads the point's usage values
        switching.service().usageSource((point, from, to) -> mdms.store().readPoint(point.value(), from, to).stream()
                .map(v -> new jp.ami.switching.UsageSource.SlotValue(Instant.ofEpochSecond(v.slotEndEpochSecond()), v.valueUnits(), v.status()))
                .toList());
        switching.service().registerConsent(OperatorCode.of(mdms.config().tsoCode()), switchedPoint, "demo-consent-1", null);
        var usageApp = scenario.fileUsageInfo(RetailerTls.of(pki, usageRetailer.value()), switchedPoint, "demo-consent-1");
        usageApplication = usageApp.get("id").asText();
        malformedJsonField = scenario.malformedJsonField();
        progress.step("switch", "%s applied to take %s from %s on %s, %s (廃止取次 %s answered OK, stop %s filed for %s, start %s)",
                newRetailer, switchedPoint, currentRetailer, switchDate,
                offCycle ? "off-cycle at the customer's request" : "its reading day (group " + switching.service().readingGroup(switchedPoint) + ")",
                filed.get("brokering"), filed.get("stop"), currentRetailer, filed.get("start"));
    }

    OperatorCode currentRetailer() {
        return currentRetailer;
    }

    /**
     * Reads both retailers' pulled files: the switched point's values must be in the current retailer's files
     * only before the switch date and in the new retailer's only from its first slot — never both, never neither.
     * Then the usage values the third retailer reads through the front against QuestDB's.
     *
     * @param lastPull the pull already made, reused if it is the current retailer's; null if none
     */
    DemoSummary.Switching check(URI base, long first, long last, RetailerPull lastPull) throws Exception {
        String currentRetailer = this.currentRetailer.value();
        String newRetailer = this.newRetailer.value();
        RetailerPull current = lastPull != null && lastPull.retailer.equals(currentRetailer) ? lastPull
                : RetailerPull.of(currentRetailer, new RetailerClient(base, RetailerTls.of(pki, currentRetailer)));
        RetailerPull next = RetailerPull.of(newRetailer, new RetailerClient(base, RetailerTls.of(pki, newRetailer)));
        long switchSlot = Slots.index(switchDate, 1);
        String point = switchedPoint.value();
        boolean routed = true;
        int before = 0;
        int after = 0;
        for (long s = first; s <= last; s++) {
            boolean inCurrent = current.holds(s, point);
            boolean inNew = next.holds(s, point);
            boolean ok = s < switchSlot ? inCurrent && !inNew : inNew && !inCurrent;
            if (!ok) {
                LOG.error("switched point {} in slot {}: in {} files {}, in {} files {}", point, jp.ami.model.Slot.ofIndex(s),
                        currentRetailer, inCurrent, newRetailer, inNew);
            }
            routed &= ok;
            if (s < switchSlot) {
                before++;
            } else {
                after++;
            }
        }
        // IF_10310: the usage values the third retailer reads through the front must be exactly QuestDB's
        SwitchingScenario scenario = new SwitchingScenario(base, RetailerTls.of(pki, currentRetailer), RetailerTls.of(pki, newRetailer));
        if (Slots.end(last).isAfter(Slots.start(first).plus(CONSENT_RENEWED_AFTER))) {
            // a consent lasts at most a month: over a longer run the customer renews it and the retailer applies again
            services.switching().service().registerConsent(OperatorCode.of(services.mdms().config().tsoCode()), switchedPoint,
                    "demo-consent-2", null);
            usageApplication = scenario.fileUsageInfo(RetailerTls.of(pki, usageRetailer.value()), switchedPoint, "demo-consent-2")
                    .get("id").asText();
        }
        var usage = scenario.usage(RetailerTls.of(pki, usageRetailer.value()), usageApplication);
        var stored = services.mdms().store().readPoint(point, Slots.start(first), Slots.end(last));
        boolean usageVerified = usage.get("values").size() == stored.size() && !stored.isEmpty();
        for (int i = 0; usageVerified && i < stored.size(); i++) {
            var got = usage.get("values").get(i);
            var want = stored.get(i);
            usageVerified = got.get("slotEnd").asText().equals(Instant.ofEpochSecond(want.slotEndEpochSecond()).toString())
                    && (want.valueUnits() == null ? got.get("kwh").isNull() : got.get("kwh").asText().equals(jp.ami.model.Kwh.format(want.valueUnits())));
        }
        long monthlyUnits = 0;
        for (var m : usage.get("months")) {
            monthlyUnits += jp.ami.model.Kwh.parseUnits(m.get("kwh").asText());
        }
        usageVerified &= monthlyUnits == stored.stream().mapToLong(v -> v.valueUnits() == null ? 0 : v.valueUnits()).sum();
        progress.step("usage", "%s read %d usage values of %s (IF_10310 %s, %d months) through the front: equal to QuestDB %s",
                usageRetailer, usage.get("values").size(), point, usageApplication, usage.get("months").size(), usageVerified);
        var apps = services.switching().service().all();
        long matched = apps.stream().filter(a -> a.type() == jp.ami.switching.ApplicationType.SWITCH_START
                && a.status() == jp.ami.switching.Status.OK).count();
        progress.step("switch", "%s: %d slots before %s in %s's files only, %d from it in %s's only: %s; applications %d, matched starts %d; "
                        + "wrong operator denied: %s; malformed JSON rejected naming %s",
                point, before, switchDate, currentRetailer, after, newRetailer, routed, apps.size(), matched, wrongOperatorDenied, malformedJsonField);
        return new DemoSummary.Switching(apps.size(), matched, routed, point, switchDate.toString(), before, after,
                wrongOperatorDenied, malformedJsonField, usageVerified);
    }

    /**
     * The first supply point (in registry order) that {@code retailer} supplies at {@code slot} and whose reading day
     * {@code date} is, or null when there is none.
     */
    private SupplyPointId pointReadOn(OperatorCode retailer, long slot, LocalDate date) {
        var registry = services.mdms().master().registry();
        var switching = services.switching();
        var calendar = switching.config().readingCalendar();
        for (int p = 0; p < registry.size(); p++) {
            SupplyPointId point = registry.pointAt(p);
            if (registry.retailerAt(p, slot).equals(retailer) && calendar.isReadingDay(switching.service().readingGroup(point), date)) {
                return point;
            }
        }
        return null;
    }

    /** The first supply point (in registry order) that {@code retailer} supplies at {@code slot}. */
    private SupplyPointId firstPointOf(OperatorCode retailer, long slot) {
        var registry = services.mdms().master().registry();
        for (int p = 0; p < registry.size(); p++) {
            if (registry.retailerAt(p, slot).equals(retailer)) {
                return registry.pointAt(p);
            }
        }
        throw new IllegalStateException("retailer " + retailer + " supplies no point");
    }
}
