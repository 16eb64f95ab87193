package jp.ami.switching;

import java.util.Map;

/** IF_10110 facility information: anyone, for a known point; OK at once with the point's area. */
final class FacilityInfoRule implements CreateRule<Request.FacilityInfo> {
    @Override
    public Decision decide(Request.FacilityInfo request, Filing f) {
        return Decision.answered(Status.OK, "facility information attached",
                Map.of("area", f.point().area().name(), "areaCode", f.point().area().twoDigits()));
    }
}
