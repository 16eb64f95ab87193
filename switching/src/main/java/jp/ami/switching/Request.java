package jp.ami.switching;

import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import jp.ami.model.SupplyPointId;

/**
 * A validated create request, one record per kind of request. The interface is sealed: {@link #accept} with
 * {@link Rules} is the exhaustive dispatch on the kind (Java 17 has no pattern {@code switch}), so adding a kind
 * does not compile until every set of rules has a rule for it.
 *
 * <p>{@code toString()} of the records is part of the journal: the request hash of a create is
 * {@code SHA-256(type code + "|" + toString())}, compared when an idempotency key is reused — also after a restart.
 * Do not change the records' components or their order; a component added later keeps the old text when it has its
 * default value (see {@link Dated#toString()}).
 */
public sealed interface Request {
    ApplicationType type();

    SupplyPointId supplyPoint();

    /** What the rule of this kind of request in {@code rules} decides of it with {@code argument}. */
    <A, T> T accept(Rules<A, T> rules, A argument);

    /** What decides one kind of request {@code R}, given an argument {@code A}. */
    interface Rule<R extends Request, A, T> {
        T decide(R request, A argument);
    }

    /** One rule per kind of request (a record of rules implements it by its accessors). */
    interface Rules<A, T> {
        Rule<FacilityInfo, A, T> facilityInfo();

        Rule<UsageInfo, A, T> usageInfo();

        Rule<Dated, A, T> dated();

        Rule<Brokering, A, T> brokering();

        Rule<UsagePassword, A, T> usagePassword();

        Rule<LocationChange, A, T> locationChange();

        Rule<AmpereChange, A, T> ampereChange();
    }

    /**
     * IF_10110: facility information of a supply point.
     *
     * @param consentPassword the customer's consent password, for a retailer that neither supplies the point nor
     *                        has a pending switch for it; null otherwise
     */
    record FacilityInfo(SupplyPointId supplyPoint, String consentPassword) implements Request {
        public FacilityInfo {
            if (consentPassword != null) {
                checkPassword(consentPassword);
            }
        }

        /** Without a consent password (the supplier, or a retailer with a pending switch). */
        public FacilityInfo(SupplyPointId supplyPoint) {
            this(supplyPoint, null);
        }

        /** The form from before {@code consentPassword} existed, the password appended only when given (request hashes). */
        @Override
        public String toString() {
            return "FacilityInfo[supplyPoint=" + supplyPoint + (consentPassword == null ? "" : ", consentPassword=" + consentPassword) + "]";
        }

        public ApplicationType type() {
            return ApplicationType.FACILITY_INFO;
        }

        public <A, T> T accept(Rules<A, T> rules, A argument) {
            return rules.facilityInfo().decide(this, argument);
        }
    }

    /** IF_10310: usage information, with the customer's consent password. */
    record UsageInfo(SupplyPointId supplyPoint, String consentPassword) implements Request {
        public UsageInfo {
            checkPassword(consentPassword);
        }

        public ApplicationType type() {
            return ApplicationType.USAGE_INFO;
        }

        public <A, T> T accept(Rules<A, T> rules, A argument) {
            return rules.usageInfo().decide(this, argument);
        }

        @Override
        public String toString() {
            return "UsageInfo[supplyPoint=" + supplyPoint + ", consentPassword=" + consentPassword + "]";
        }
    }

    /**
     * IF_10410, IF_10510, IF_10610, IF_10710: a supply point and a date.
     *
     * @param date              the switch or work date; null = the point's next possible reading day
     * @param customerRequested the customer asked for {@code date} ({@code customerRequestedDate}): it may be a day
     *                          that is not the point's reading day (off-cycle); needs a date
     */
    record Dated(ApplicationType type, SupplyPointId supplyPoint, LocalDate date, boolean customerRequested) implements Request {
        public Dated {
            if (type != ApplicationType.RECONNECTION && type != ApplicationType.DISCONTINUATION
                    && type != ApplicationType.SWITCH_START && type != ApplicationType.SWITCH_STOP) {
                throw new IllegalArgumentException("not a dated request type: " + type);
            }
            if (date == null && customerRequested) {
                throw new InvalidValueException(dateField(type), null, "is required with customerRequestedDate: true");
            }
        }

        /** On the point's reading day ({@code date} one of them, or null for the next). */
        public Dated(ApplicationType type, SupplyPointId supplyPoint, LocalDate date) {
            this(type, supplyPoint, date, false);
        }

        public <A, T> T accept(Rules<A, T> rules, A argument) {
            return rules.dated().decide(this, argument);
        }

        /** The form from before {@code customerRequested} existed, with the flag appended only when set (request hashes). */
        @Override
        public String toString() {
            return "Dated[type=" + type + ", supplyPoint=" + supplyPoint + ", date=" + date
                    + (customerRequested ? ", customerRequestedDate=true" : "") + "]";
        }
    }

    /** IS_20110: 廃止取次 — the new retailer asks the current retailer (identified by its contract) to stop. */
    record Brokering(SupplyPointId supplyPoint, LocalDate date, String contractNumber, String contractName,
            String address) implements Request {
        public Brokering {
            if (date == null) {
                throw new InvalidValueException("switchDate", null, "is required");
            }
            checkText("contractNumber", contractNumber, 20, true);
            checkText("contractName", contractName, 100, false);
            checkText("address", address, 200, false);
        }

        public ApplicationType type() {
            return ApplicationType.BROKERING;
        }

        public <A, T> T accept(Rules<A, T> rules, A argument) {
            return rules.brokering().decide(this, argument);
        }
    }

    /**
     * IF_10210: the retailer asks that the customer be issued a consent password for usage viewing; the customer's
     * name and address are the identity check (本人確認) the TSO makes before issuing it.
     */
    record UsagePassword(SupplyPointId supplyPoint, String customerName, String address) implements Request {
        public UsagePassword {
            checkText("customerName", customerName, 100, false);
            checkText("address", address, 200, false);
        }

        public ApplicationType type() {
            return ApplicationType.USAGE_PASSWORD;
        }

        public <A, T> T accept(Rules<A, T> rules, A argument) {
            return rules.usagePassword().decide(this, argument);
        }
    }

    /**
     * IF_10810: change of the demand location's information; each field null = unchanged, at least one given.
     *
     * @param phone digits with optional '-', 10–13 characters
     */
    record LocationChange(SupplyPointId supplyPoint, String customerName, String customerNameKana, String address,
            String phone) implements Request {
        /** The changeable fields, in the order of the components. */
        static final java.util.List<String> FIELDS = java.util.List.of("customerName", "customerNameKana", "address", "phone");

        public LocationChange {
            if (customerName == null && customerNameKana == null && address == null && phone == null) {
                throw new InvalidValueException("customerName", null, "or one of customerNameKana, address, phone is required: nothing to change");
            }
            if (customerName != null) {
                checkText("customerName", customerName, 100, false);
            }
            if (customerNameKana != null) {
                checkText("customerNameKana", customerNameKana, 100, false);
            }
            if (address != null) {
                checkText("address", address, 200, false);
            }
            if (phone != null && !phone.matches("[0-9][0-9-]{8,11}[0-9]")) {
                throw new InvalidValueException("phone", phone, "must be 10–13 characters of digits and '-'");
            }
        }

        public ApplicationType type() {
            return ApplicationType.LOCATION_CHANGE;
        }

        public <A, T> T accept(Rules<A, T> rules, A argument) {
            return rules.locationChange().decide(this, argument);
        }
    }

    /**
     * IF_10910: new contract amperes (契約電流) from {@code date}.
     *
     * @param amperes           one of {@link #AMPERES}
     * @param date              the day they take effect; null = the point's next reading day
     * @param customerRequested the customer asked for {@code date}, reading day or not; needs a date
     */
    record AmpereChange(SupplyPointId supplyPoint, int amperes, LocalDate date, boolean customerRequested) implements Request {
        /** The contract currents of low-voltage metered lighting (従量電灯B). */
        static final java.util.List<Integer> AMPERES = java.util.List.of(10, 15, 20, 30, 40, 50, 60);

        public AmpereChange {
            if (!AMPERES.contains(amperes)) {
                throw new InvalidValueException("contractAmperes", amperes, "must be one of " + AMPERES);
            }
            if (date == null && customerRequested) {
                throw new InvalidValueException("date", null, "is required with customerRequestedDate: true");
            }
        }

        public ApplicationType type() {
            return ApplicationType.AMPERE_CHANGE;
        }

        public <A, T> T accept(Rules<A, T> rules, A argument) {
            return rules.ampereChange().decide(this, argument);
        }
    }

    /** The JSON field that carries the date of {@code type}: {@code switchDate} or {@code date}. */
    static String dateField(ApplicationType type) {
        return type == ApplicationType.RECONNECTION || type == ApplicationType.DISCONTINUATION
                || type == ApplicationType.AMPERE_CHANGE ? "date" : "switchDate";
    }

    static void checkPassword(String password) {
        if (password == null) {
            throw new InvalidValueException("consentPassword", null, "is required");
        }
        if (password.length() < 4 || password.length() > 64 || !password.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidValueException("consentPassword", "***", "must be 4–64 printable ASCII characters");
        }
    }

    /** Contract numbers: 1–20 of [0-9A-Za-z-]; names and addresses: 1–max characters, no control characters. */
    static void checkText(String field, String value, int max, boolean code) {
        if (value == null) {
            throw new InvalidValueException(field, null, "is required");
        }
        if (value.isBlank() || value.length() > max) {
            throw new InvalidValueException(field, value, "must be 1–" + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = code ? (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-'
                    : !Character.isISOControl(c);
            if (!ok) {
                throw new InvalidValueException(field, value, code ? "must be letters, digits or '-'" : "must not contain control characters");
            }
        }
    }
}
