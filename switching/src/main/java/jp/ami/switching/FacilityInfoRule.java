package jp.ami.switching;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jp.ami.model.Slots;

/**
 * IF_10110 facility information: anyone, for a known point; OK at once with the point's area ({@code area},
 * {@code areaCode}), its reading group ({@code readingGroup}), its next two reading days after today (JST, by the
 * clock) as {@code nextReadingDays} {@code YYYY-MM-DD,YYYY-MM-DD}, and {@code contractAmperes} when the master data
 * has them.
 */
final class FacilityInfoRule implements CreateRule<Request.FacilityInfo> {
    private final ReadingDays readingDays;

    FacilityInfoRule(ReadingDays readingDays) {
        this.readingDays = readingDays;
    }

    @Override
    public Decision decide(Request.FacilityInfo request, Filing f) {
        int group = readingDays.group(f);
        Map<String, String> details = new TreeMap<>();
        details.put("area", f.point().area().name());
        details.put("areaCode", f.point().area().twoDigits());
        details.put("readingGroup", Integer.toString(group));
        details.put("nextReadingDays", readingDays.calendar().nextReadingDays(group, LocalDate.ofInstant(f.now(), Slots.JST), 2)
                .stream().map(LocalDate::toString).collect(Collectors.joining(",")));
        readingDays.contractAmperes(f).ifPresent(a -> details.put("contractAmperes", Integer.toString(a)));
        return Decision.answered(Status.OK, "facility information attached", details);
    }
}
