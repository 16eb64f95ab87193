package jp.ami.switching;

import java.util.Map;
import jp.ami.switching.Events.Consent;

/**
 * IF_10310 usage information: anyone with the customer's consent password; OK at once when it matches the consent
 * registered for the point and that consent is still valid (the values are then read with {@link UsageLookup}),
 * else NG with the reason.
 */
record UsageInfoRule(Consents consents) implements CreateRule<Request.UsageInfo> {
    @Override
    public Decision decide(Request.UsageInfo request, Filing f) {
        Consent c = consents.of(f.point());
        if (c == null) {
            return Decision.answered(Status.NG, "no consent password registered for this supply point", Map.of());
        }
        if (!Consents.matches(c, request.consentPassword())) {
            return Decision.answered(Status.NG, "consent password does not match", Map.of());
        }
        if (!f.now().isBefore(c.validUntil())) {
            return Decision.answered(Status.NG, "consent expired at " + c.validUntil(), Map.of());
        }
        return Decision.answered(Status.OK, "consent verified; the values are served by the MDMS (not by this service)",
                Map.of("consentValidUntil", c.validUntil().toString()));
    }
}
