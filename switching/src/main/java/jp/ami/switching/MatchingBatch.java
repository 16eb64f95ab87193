package jp.ami.switching;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.switching.Events.Event;
import jp.ami.switching.Events.SwitchEffect;

/**
 * The matching batch. It is due when the clock crosses a multiple of the matching interval ({@link #due}); a run
 * ({@link #run}) pairs each processing start (in ID order) with the processing stop of the same point and date filed
 * by the retailer that supplies the point on that date: both become OK (each other's ID and operator) and the
 * registry switches the point to the new retailer from the date's first slot. Then every start, stop or 廃止取次
 * still processing whose deadline has passed becomes NG with the reason. The whole run is one journal event.
 */
final class MatchingBatch {
    private final Applications applications;
    private final SupplyRegistry registry;
    private final SwitchDates dates;
    private final long intervalSeconds;
    private long lastBoundary = Long.MIN_VALUE;

    MatchingBatch(Applications applications, SupplyRegistry registry, SwitchDates dates, Duration interval) {
        this.applications = applications;
        this.registry = registry;
        this.dates = dates;
        this.intervalSeconds = interval.getSeconds();
    }

    /**
     * True when {@code now} lies in a later interval than at the last call; the first call only marks where the
     * clock is (the first boundary counted is the one after the service was ready).
     */
    boolean due(Instant now) {
        long boundary = Math.floorDiv(now.getEpochSecond(), intervalSeconds);
        if (lastBoundary == Long.MIN_VALUE) {
            lastBoundary = boundary;
            return false;
        }
        if (boundary <= lastBoundary) {
            return false;
        }
        lastBoundary = boundary;
        return true;
    }

    /** The batch's changes at {@code now} (matches with their switches, then deadline NGs), or null when nothing changes. */
    Event run(Instant now) {
        List<Application> out = new ArrayList<>();
        List<SwitchEffect> switches = new ArrayList<>();
        Map<String, Application> changed = new HashMap<>();
        for (Application s : applications.inIdOrder()) {
            if (s.type() != ApplicationType.SWITCH_START || s.status() != Status.PROCESSING) {
                continue;
            }
            for (Application t : applications.sameSwitch(s.supplyPoint(), s.date())) {
                if (t.type() == ApplicationType.SWITCH_STOP && t.status() == Status.PROCESSING && !changed.containsKey(t.id())
                        && t.supplyPoint().equals(s.supplyPoint()) && t.date().equals(s.date())) {
                    int p = registry.indexOf(s.supplyPoint());
                    long slot = Slots.index(s.date(), 1);
                    if (!registry.retailerAt(p, slot).equals(t.applicant()) || t.applicant().equals(s.applicant())) {
                        continue;
                    }
                    Application s2 = s.matched(t, "matched with stop " + t.id() + "; switch to " + s.applicant() + " locked from " + s.date(), now);
                    Application t2 = t.matched(s, "matched with start " + s.id() + "; switch to " + s.applicant() + " locked from " + s.date(), now);
                    changed.put(s.id(), s2);
                    changed.put(t.id(), t2);
                    out.add(s2);
                    out.add(t2);
                    switches.add(new SwitchEffect(s.supplyPoint(), slot, s.applicant()));
                    break;
                }
            }
        }
        for (Application a : applications.inIdOrder()) {
            if (a.type().isSwitching() && a.status() == Status.PROCESSING && !changed.containsKey(a.id())
                    && !now.isBefore(dates.deadline(a.date()))) {
                String why = switch (a.type()) {
                    case SWITCH_START -> "no matching switching stop (IF_10710) by the deadline " + dates.deadline(a.date());
                    case SWITCH_STOP -> "no matching switching start (IF_10610) by the deadline " + dates.deadline(a.date());
                    default -> "the current retailer did not answer by the deadline " + dates.deadline(a.date());
                };
                out.add(a.withStatus(Status.NG, why, now));
            }
        }
        return out.isEmpty() ? null : new Event(now, out, switches, List.of());
    }
}
