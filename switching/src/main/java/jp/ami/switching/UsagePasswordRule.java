package jp.ami.switching;

import java.util.Map;

/**
 * IF_10210 usage-viewing password: any retailer, for a known point, with the customer's name and address (the
 * identity check the TSO makes). Processing until a TSO registers the customer's consent password for the point
 * ({@code POST /switching/consents}, {@link SwitchingService#registerConsent}): then every processing IF_10210 of the
 * point becomes OK with {@code details.consentValidUntil} — the password itself reaches the customer from the TSO,
 * never through this service. The applicant may cancel it while processing.
 */
final class UsagePasswordRule implements CreateRule<Request.UsagePassword> {
    @Override
    public Decision decide(Request.UsagePassword request, Filing f) {
        return Decision.processing(null, null, Map.of("customerName", request.customerName(), "address", request.address()));
    }
}
