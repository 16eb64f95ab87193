package jp.ami.switching;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.switching.Events.Consent;

/**
 * IF_10110 facility information, only for a retailer entitled to see the point (else 403 naming
 * {@code supplyPointId}; issue 15 item 5): the retailer supplying it now ({@code details.access = supplier}), one
 * with a pending switch for it — an active start or 廃止取次 with a date after today ({@code pendingSwitch}) — or
 * one giving the customer's consent password, valid now ({@code consent}; a wrong or expired one is 403 too).
 *
 * <p>OK at once with the point's area ({@code area}, {@code areaCode}), its reading group ({@code readingGroup}), its
 * next two reading days after today (JST, by the clock) as {@code nextReadingDays} {@code YYYY-MM-DD,YYYY-MM-DD},
 * {@code meterType} ({@code smart}: every point of the platform has a smart meter) and, when the master data has
 * them, {@code contractAmperes}, {@code meterId} and {@code communicationPath} ({@code wisun}/{@code plc}/
 * {@code relay}); {@code supplyStart}, the day the current supplier's supply began, when a switch recorded it (the
 * master data has no start date for its initial suppliers).
 */
record FacilityInfoRule(ReadingDays readingDays, SupplyRegistry registry, Applications applications, Consents consents) implements CreateRule<Request.FacilityInfo> {
    @Override
    public Decision decide(Request.FacilityInfo request, Filing f) {
        LocalDate today = LocalDate.ofInstant(f.now(), Slots.JST);
        long slot = Slots.containing(f.now().getEpochSecond());
        OperatorCode supplier = registry.retailerAt(f.pointIndex(), slot);
        Map<String, String> details = new TreeMap<>();
        details.put("access", access(request, f, supplier, today));
        int group = readingDays.group(f);
        details.put("area", f.point().area().name());
        details.put("areaCode", f.point().area().twoDigits());
        details.put("readingGroup", Integer.toString(group));
        details.put("nextReadingDays", readingDays.calendar().nextReadingDays(group, today, 2)
                .stream().map(LocalDate::toString).collect(Collectors.joining(",")));
        readingDays.contractAmperes(f).ifPresent(a -> details.put("contractAmperes", Integer.toString(a)));
        details.put("meterType", "smart");
        SupplyPointDetails master = readingDays.details();
        master.meterId(f.pointIndex()).ifPresent(m -> details.put("meterId", Long.toString(m.value())));
        master.commPath(f.pointIndex()).ifPresent(p -> details.put("communicationPath", p.key()));
        List<SupplyRegistry.Switch> switches = registry.switches(f.pointIndex());
        for (int i = switches.size() - 1; i >= 0; i--) {
            SupplyRegistry.Switch s = switches.get(i);
            if (s.fromSlot() <= slot) {
                if (s.retailer().equals(supplier)) {
                    details.put("supplyStart", Slots.jstDate(s.fromSlot()).toString());
                }
                break;
            }
        }
        return Decision.answered(Status.OK, "facility information attached", details);
    }

    /** Why the applicant may see the point: {@code supplier}, {@code pendingSwitch} or {@code consent}; else 403. */
    private String access(Request.FacilityInfo request, Filing f, OperatorCode supplier, LocalDate today) {
        if (supplier.equals(f.applicant())) {
            return "supplier";
        }
        if (applications.pendingSwitch(f.applicant(), f.point(), today) != null) {
            return "pendingSwitch";
        }
        if (request.consentPassword() != null) {
            Consent c = consents.of(f.point());
            if (c != null && Consents.matches(c, request.consentPassword()) && f.now().isBefore(c.validUntil())) {
                return "consent";
            }
            throw SwitchingException.forbidden("consentPassword", "***",
                    "does not match a consent valid now for supply point " + f.point());
        }
        throw SwitchingException.forbidden("supplyPointId", f.point().value(), "is not supplied by " + f.applicant()
                + ", which has no pending switch for it; give the customer's consentPassword to see its facility information");
    }
}
