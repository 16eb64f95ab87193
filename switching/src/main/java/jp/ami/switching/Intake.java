package jp.ami.switching;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.switching.Events.Event;

/**
 * Accepting a create: the point must be known (else 404), the rule of the request's kind decides
 * ({@link Request.Rules}: one {@link CreateRule} per kind of request), and the result becomes one journal event
 * — the new application with the next ID, the earlier application a conflict notified, and the application it
 * replaces (a date change: that one becomes 4, changed).
 */
final class Intake {
    private final SupplyRegistry registry;
    private final Applications applications;
    private final Clock clock;
    private final Rules rules;

    /** The rule of each kind of request; its accessors are the {@link Request.Rules} the request picks from. */
    private record Rules(FacilityInfoRule facilityInfo, UsageInfoRule usageInfo, DatedRule dated, BrokeringRule brokering,
                         UsagePasswordRule usagePassword, LocationChangeRule locationChange, AmpereChangeRule ampereChange)
            implements Request.Rules<Filing, Decision> {
    }

    Intake(SupplyRegistry registry, Applications applications, Consents consents, SwitchDates dates, ReadingDays readingDays,
            Clock clock) {
        this.registry = registry;
        this.applications = applications;
        this.clock = clock;
        SwitchChecks checks = new SwitchChecks(registry, applications, dates);
        this.rules = new Rules(new FacilityInfoRule(readingDays, registry, applications, consents), new UsageInfoRule(consents),
                new DatedRule(checks, readingDays), new BrokeringRule(checks), new UsagePasswordRule(),
                new LocationChangeRule(registry), new AmpereChangeRule(checks, readingDays));
    }

    /**
     * The event that accepts {@code request} of {@code operator}, filed with {@code key} (its request hash
     * {@code requestHash}); {@code replaces} is the application whose date it changes, or null. The new application
     * is the event's first.
     */
    Event accept(OperatorCode operator, String key, Request request, String requestHash, Application replaces) {
        SupplyPointId point = request.supplyPoint();
        int p = registry.indexOf(point);
        if (p < 0) {
            throw SwitchingException.unknownSupplyPoint(point);
        }
        Instant now = clock.instant();
        String id = applications.nextId();
        Decision d = request.accept(rules, new Filing(id, operator, point, p, now));
        Map<String, String> details = new TreeMap<>(d.details());
        List<Application> out = new ArrayList<>(d.notified());
        if (replaces != null) {
            details.put("replaces", replaces.id());
            out.add(replaces.withStatus(Status.CHANGED, "changed to " + id + " (" + d.date() + ")", now));
        }
        out.add(0, new Application(id, request.type(), operator, point, d.date(), d.counterpart(), d.status(), d.reason(),
                key, requestHash, now, now, null, details, List.of()));
        return new Event(now, out, List.of(), List.of());
    }
}
