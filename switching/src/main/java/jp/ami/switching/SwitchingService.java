package jp.ami.switching;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.switching.Events.Consent;
import jp.ami.switching.Events.Event;
import jp.ami.switching.Events.SwitchEffect;

/**
 * The switching core: applications, 廃止取次, the matching batch and its effect on the {@link SupplyRegistry}.
 *
 * <p><b>State changes.</b> Every change is one {@link Events.Event}: it is appended to the
 * {@link SwitchingJournal} first and then applied by {@link #apply(Event)} — the same method that rebuilds
 * the state on start ({@link #replay(String)}), so a replay reproduces exactly what was acknowledged. All
 * public methods are serialised on this object.
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>IDs are {@code "A"} + a 9-digit sequence in acceptance order.</li>
 *   <li>Idempotency: a create with the key of an earlier create of the same operator returns that application
 *       (whatever happened to it since) if the request is the same, else 409.</li>
 *   <li>A switch date must be after today (JST, by the clock) and its matching deadline — 00:00 JST of the date
 *       minus {@link SwitchingConfig#deadlineBefore()} — must not have passed; reconnection/discontinuation
 *       dates must be after today.</li>
 *   <li>Start (IF_10610) and 廃止取次 (IS_20110) are filed by a retailer that does not supply the point on the
 *       date; stop (IF_10710), reconnection, discontinuation by the one that does (else 403).</li>
 *   <li>Conflict: when another retailer already holds an active (processing or OK) start or 廃止取次 for the same
 *       point and date, the new application is still accepted (ID, journal) but NG at once with the earlier
 *       application's ID as reason — first accepted wins — and the earlier one gets a notice naming the
 *       rejected one. The same retailer filing a second active start/stop/廃止取次 for a point and date → 409.</li>
 *   <li>IS_20410 OK: the request becomes OK and the platform files the stop (IF_10710) on the current
 *       retailer's behalf (unless it already filed one); NG needs a reason, the request becomes NG.</li>
 *   <li>Matching batch ({@link #tick()}): when the clock crosses a multiple of the matching interval, each
 *       processing start is paired with the processing stop of the same point and date (in ID order); both
 *       become OK with each other's ID and operator, and the registry switches the point to the new retailer
 *       from the date's first slot. Then every processing start, stop or 廃止取次 whose deadline has passed
 *       becomes NG.</li>
 * </ul>
 */
public final class SwitchingService {
    private final SupplyRegistry registry;
    private final Clock clock;
    private final SwitchingConfig config;
    private final SwitchingJournal journal;

    private final TreeMap<String, Application> apps = new TreeMap<>();
    private final Map<String, String> idempotency = new HashMap<>();
    private final TreeMap<SupplyPointId, Consent> consents = new TreeMap<>();
    /** Switching applications (start, stop, 廃止取次) by supply point and date, IDs in order. */
    private final Map<String, java.util.TreeSet<String>> byPointDate = new HashMap<>();
    private long sequence;
    private long lastBatchBoundary = Long.MIN_VALUE;
    private long batches;
    private long events;

    /** A service with empty state over {@code registry}; call {@link #replay} for each journal document, then use it. */
    public SwitchingService(SupplyRegistry registry, Clock clock, SwitchingConfig config, SwitchingJournal journal) {
        this.registry = registry;
        this.clock = clock;
        this.config = config;
        this.journal = journal;
    }

    // ---------------------------------------------------------------- creates

    /** The result of a create: the application and whether this call created it (false: idempotent replay). */
    public record Outcome(Application application, boolean created) {
    }

    /**
     * Files an application for {@code operator}.
     *
     * @throws InvalidValueException key or a value invalid (400)
     * @throws SwitchingException unknown point (404), operator may not file it (403), key reused for another
     *                            request or a duplicate of the operator's own active application (409)
     */
    public synchronized Outcome create(OperatorCode operator, String idempotencyKey, Request request) {
        return create(operator, idempotencyKey, request, null);
    }

    /**
     * Changes the date of a processing start, stop, 廃止取次, reconnection or discontinuation: the old application
     * becomes 4 (changed) with the new ID as reason, and a new application with the new date — checked like a
     * create — replaces it ({@code details.replaces}). Only the applicant; idempotent by key like a create.
     */
    public synchronized Outcome change(OperatorCode operator, String idempotencyKey, String id, LocalDate newDate) {
        checkKey(idempotencyKey);
        String existingId = idempotency.get(operator.value() + ' ' + idempotencyKey);
        Application old = existingId != null ? null : readable(operator, id, null);
        if (old != null) {
            if (!old.applicant().equals(operator)) {
                throw SwitchingException.forbidden("id", id, "was not filed by " + operator + "; only the applicant may change it");
            }
            if (old.status() != Status.PROCESSING) {
                throw SwitchingException.conflict("id", id, "is " + old.status().name() + "; only processing applications can be changed");
            }
            if (newDate == null || newDate.equals(old.date())) {
                throw new InvalidValueException(Request.dateField(old.type()), newDate, "must be a new date");
            }
        }
        ApplicationType type = old != null ? old.type() : apps.get(existingId).type();
        Request r;
        if (old == null) {
            r = null;
        } else if (type == ApplicationType.BROKERING) {
            r = new Request.Brokering(old.supplyPoint(), newDate, old.details().get("contractNumber"),
                    old.details().get("contractName"), old.details().get("address"));
        } else if (type == ApplicationType.FACILITY_INFO || type == ApplicationType.USAGE_INFO) {
            throw SwitchingException.conflict("id", id, "is a " + type.code() + " application; it has no date to change");
        } else {
            r = new Request.Dated(type, old.supplyPoint(), newDate);
        }
        if (r == null) { // idempotent repeat: compare against the change request that created the existing one
            Application existing = apps.get(existingId);
            String hash = sha256("change|" + id + "|" + newDate);
            if (!existing.requestHash().equals(hash)) {
                throw SwitchingException.conflict("Idempotency-Key", idempotencyKey,
                        "was already used by " + operator + " for a different request (" + existingId + ")");
            }
            return new Outcome(existing, false);
        }
        return create(operator, idempotencyKey, r, old);
    }

    private Outcome create(OperatorCode operator, String idempotencyKey, Request request, Application replaces) {
        checkKey(idempotencyKey);
        String hash = replaces == null ? sha256(request.type().code() + "|" + request)
                : sha256("change|" + replaces.id() + "|" + dateOf(request));
        String existingId = idempotency.get(operator.value() + ' ' + idempotencyKey);
        if (existingId != null) {
            Application existing = apps.get(existingId);
            if (!existing.requestHash().equals(hash)) {
                throw SwitchingException.conflict("Idempotency-Key", idempotencyKey,
                        "was already used by " + operator + " for a different request (" + existingId + ")");
            }
            return new Outcome(existing, false);
        }
        SupplyPointId point = request.supplyPoint();
        int p = registry.indexOf(point);
        if (p < 0) {
            throw SwitchingException.notFound("supplyPointId", point.value(), "is not a known supply point");
        }
        Instant now = clock.instant();
        String id = Application.idOf(sequence + 1);
        Map<String, String> details = new TreeMap<>();
        List<Application> out = new ArrayList<>();
        Status status = Status.PROCESSING;
        String reason = null;
        LocalDate date = null;
        OperatorCode counterpart = null;
        if (request instanceof Request.FacilityInfo) {
            details.put("area", point.area().name());
            details.put("areaCode", point.area().twoDigits());
            status = Status.OK;
            reason = "facility information attached";
        } else if (request instanceof Request.UsageInfo u) {
            Consent c = consents.get(point);
            if (c == null) {
                status = Status.NG;
                reason = "no consent password registered for this supply point";
            } else if (!MessageDigest.isEqual(c.hash().getBytes(StandardCharsets.US_ASCII),
                    consentHash(point, u.consentPassword()).getBytes(StandardCharsets.US_ASCII))) {
                status = Status.NG;
                reason = "consent password does not match";
            } else if (!now.isBefore(c.validUntil())) {
                status = Status.NG;
                reason = "consent expired at " + c.validUntil();
            } else {
                status = Status.OK;
                reason = "consent verified; the values are served by the MDMS (not by this service)";
                details.put("consentValidUntil", c.validUntil().toString());
            }
        } else if (request instanceof Request.Dated d) {
            date = d.date();
            String field = Request.dateField(d.type());
            checkFuture(field, date, now, d.type().isSwitching());
            OperatorCode supplier = registry.retailerAt(p, Slots.index(date, 1));
            if (d.type() == ApplicationType.SWITCH_START) {
                if (supplier.equals(operator)) {
                    throw new InvalidValueException("supplyPointId", point.value(),
                            "is already supplied by " + operator + " on " + date + ": nothing to switch");
                }
                checkOwnDuplicate(operator, point, date, d.type());
                Application winner = competitor(operator, point, date);
                if (winner != null) {
                    status = Status.NG;
                    reason = conflictReason(winner);
                    out.add(winner.withNotice(conflictNotice(id), now));
                }
            } else {
                if (!supplier.equals(operator)) {
                    throw SwitchingException.forbidden("supplyPointId", point.value(),
                            "is not supplied by " + operator + " on " + date + "; only the supplying retailer may file " + d.type().code());
                }
                if (d.type() == ApplicationType.SWITCH_STOP) {
                    checkOwnDuplicate(operator, point, date, d.type());
                }
            }
        } else if (request instanceof Request.Brokering b) {
            date = b.date();
            checkFuture("switchDate", date, now, true);
            OperatorCode supplier = registry.retailerAt(p, Slots.index(date, 1));
            if (supplier.equals(operator)) {
                throw new InvalidValueException("supplyPointId", point.value(),
                        "is already supplied by " + operator + " on " + date + ": nothing to switch");
            }
            checkOwnDuplicate(operator, point, date, ApplicationType.BROKERING);
            counterpart = supplier;
            details.put("contractNumber", b.contractNumber());
            details.put("contractName", b.contractName());
            details.put("address", b.address());
            Application winner = competitor(operator, point, date);
            if (winner != null) {
                status = Status.NG;
                reason = conflictReason(winner);
                out.add(winner.withNotice(conflictNotice(id), now));
            }
        }
        if (replaces != null) {
            details.put("replaces", replaces.id());
            out.add(replaces.withStatus(Status.CHANGED, "changed to " + id + " (" + date + ")", now));
        }
        Application a = new Application(id, request.type(), operator, point, date, counterpart, status, reason,
                idempotencyKey, hash, now, now, null, details, List.of());
        out.add(0, a);
        commit(new Event(now, out, List.of(), List.of()));
        return new Outcome(a, true);
    }

    // ---------------------------------------------------------------- 廃止取次 answers, cancel, consent

    /**
     * IS_20410: the current retailer answers a 廃止取次 request. Repeating the same answer returns the request
     * unchanged; a different answer to an answered request → 409. On OK the platform files the stop on the
     * answering retailer's behalf (or links the stop it already filed).
     */
    public synchronized Application answer(OperatorCode operator, String id, boolean ok, String reason) {
        Application r = readable(operator, id, ApplicationType.BROKERING);
        if (!operator.equals(r.counterpart())) {
            throw SwitchingException.forbidden("id", id, "is not addressed to " + operator + "; only the current retailer answers it");
        }
        if (!ok && (reason == null || reason.isBlank())) {
            throw new InvalidValueException("reason", reason, "is required with answer NG");
        }
        if (reason != null) {
            Request.checkText("reason", reason, 200, false);
        }
        String answer = ok ? "OK" : "NG";
        if (r.status() != Status.PROCESSING) {
            if (answer.equals(r.details().get("answer"))) {
                return r;
            }
            throw SwitchingException.conflict("id", id, "is " + r.status().name() + " already; it cannot be answered " + answer);
        }
        Instant now = clock.instant();
        if (!now.isBefore(deadline(r.date()))) {
            throw SwitchingException.conflict("id", id, "is past its matching deadline " + deadline(r.date()));
        }
        List<Application> out = new ArrayList<>();
        if (ok) {
            Application stop = activeOf(operator, r.supplyPoint(), r.date(), ApplicationType.SWITCH_STOP);
            if (stop == null) {
                stop = new Application(Application.idOf(sequence + 1), ApplicationType.SWITCH_STOP, operator,
                        r.supplyPoint(), r.date(), null, Status.PROCESSING, null, null,
                        sha256("on-behalf|" + id), now, now, null, Map.of("brokeringId", id, "filedBy", "platform"), List.of());
                out.add(stop);
            }
            out.add(0, r.withDetail("answer", "OK", now).withDetail("stopId", stop.id(), now)
                    .withStatus(Status.OK, "current retailer answered OK; stop " + stop.id() + " filed", now));
        } else {
            out.add(r.withDetail("answer", "NG", now).withStatus(Status.NG, "current retailer answered NG: " + reason, now));
        }
        commit(new Event(now, out, List.of(), List.of()));
        return apps.get(id);
    }

    /** The applicant cancels a processing application (status 5). Cancelling a cancelled one returns it; others → 409. */
    public synchronized Application cancel(OperatorCode operator, String id) {
        Application a = readable(operator, id, null);
        if (!a.applicant().equals(operator)) {
            throw SwitchingException.forbidden("id", id, "was not filed by " + operator + "; only the applicant may cancel it");
        }
        if (a.status() == Status.CANCELLED) {
            return a;
        }
        if (a.status() != Status.PROCESSING) {
            throw SwitchingException.conflict("id", id, "is " + a.status().name() + "; only processing applications can be cancelled");
        }
        Instant now = clock.instant();
        commit(new Event(now, List.of(a.withStatus(Status.CANCELLED, "cancelled by the applicant", now)), List.of(), List.of()));
        return apps.get(id);
    }

    /**
     * Registers a customer's consent password for usage information (IF_10310). Only TSO operators
     * ({@link SwitchingConfig#tsoOperators()}) may; validity is at most one month from now (null = one month).
     * Only a salted SHA-256 of the password is kept. Returns the validity end.
     */
    public synchronized Instant registerConsent(OperatorCode operator, SupplyPointId point, String password, Instant validUntil) {
        if (!config.tsoOperators().contains(operator)) {
            throw SwitchingException.forbidden("X-Ami-Operator", operator.value(), "may not register consent passwords (TSO operators only)");
        }
        Request.checkPassword(password);
        if (registry.indexOf(point) < 0) {
            throw SwitchingException.notFound("supplyPointId", point.value(), "is not a known supply point");
        }
        Instant now = clock.instant();
        Instant max = now.atOffset(Slots.JST).plusMonths(1).toInstant();
        Instant until = validUntil == null ? max : validUntil;
        if (!until.isAfter(now) || until.isAfter(max)) {
            throw new InvalidValueException("validUntil", until, "must be after now and at most one month ahead (" + max + ")");
        }
        commit(new Event(now, List.of(), List.of(), List.of(new Consent(point, consentHash(point, password), until, operator))));
        return until;
    }

    // ---------------------------------------------------------------- reads

    /**
     * The application {@code id} as seen by {@code operator}: its applicant, or the retailer it is addressed to
     * (廃止取次) or matched with. {@code type} non-null restricts the kind (status inquiries).
     *
     * @throws SwitchingException 404 unknown (or not of {@code type}), 403 someone else's
     */
    public synchronized Application read(OperatorCode operator, String id, ApplicationType type) {
        return readable(operator, id, type);
    }

    /** IS_20310: 廃止取次 requests addressed to {@code operator}, in ID order, optionally only those in {@code status}. */
    public synchronized List<Application> addressedTo(OperatorCode operator, Status status) {
        List<Application> out = new ArrayList<>();
        for (Application a : apps.values()) {
            if (a.type() == ApplicationType.BROKERING && operator.equals(a.counterpart())
                    && (status == null || a.status() == status)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The applications {@code operator} filed (or that were filed on its behalf), in ID order. */
    public synchronized List<Application> filedBy(OperatorCode operator) {
        List<Application> out = new ArrayList<>();
        for (Application a : apps.values()) {
            if (a.applicant().equals(operator)) {
                out.add(a);
            }
        }
        return out;
    }

    /** All applications, in ID order (tools, the demo). */
    public synchronized List<Application> all() {
        return List.copyOf(apps.values());
    }

    /** Where IF_10310 usage values come from (set by whoever wires the MDMS in); null until then. */
    private volatile UsageSource usageSource;

    public void usageSource(UsageSource source) {
        this.usageSource = source;
    }

    /** IF_10310 usage information: 13 months of monthly totals (JST months) and the 30-minute values. */
    public record Usage(Application application, Instant from, Instant to, java.util.SortedMap<java.time.YearMonth, long[]> months,
                        List<UsageSource.SlotValue> values) {
    }

    /**
     * The usage information of an approved IF_10310 application of {@code operator}: the current JST month and the
     * 12 before it. Only while the customer's consent is valid.
     *
     * @throws SwitchingException 404 unknown, 403 someone else's or consent expired, 409 not approved, 404 when no
     *     value store is wired in
     */
    public Usage usage(OperatorCode operator, String id) {
        Application a;
        synchronized (this) {
            a = readable(operator, id, ApplicationType.USAGE_INFO);
        }
        if (a.status() != Status.OK) {
            throw SwitchingException.conflict("id", id, "is not an approved usage application (status " + a.status().code() + ")");
        }
        Instant now = clock.instant();
        String until = a.details().get("consentValidUntil");
        if (until == null || now.isAfter(Instant.parse(until))) {
            throw SwitchingException.forbidden("id", id, "the customer's consent is no longer valid (until " + until + ")");
        }
        UsageSource source = usageSource;
        if (source == null) {
            throw SwitchingException.notFound("id", id, "has no usage values here: no value store is wired to this switching service");
        }
        java.time.ZonedDateTime jstNow = now.atZone(jp.ami.model.Slots.JST);
        Instant from = jstNow.toLocalDate().withDayOfMonth(1).minusMonths(12).atStartOfDay(jp.ami.model.Slots.JST).toInstant();
        List<UsageSource.SlotValue> values = source.values(a.supplyPoint(), from, now);
        java.util.SortedMap<java.time.YearMonth, long[]> months = new java.util.TreeMap<>();
        for (UsageSource.SlotValue v : values) {
            // a slot belongs to the month its start falls in (the slot ending 00:00 on the 1st is the previous month's)
            java.time.YearMonth m = java.time.YearMonth.from(v.slotEnd().minusSeconds(jp.ami.model.Slots.SECONDS_PER_SLOT).atZone(jp.ami.model.Slots.JST));
            long[] t = months.computeIfAbsent(m, k -> new long[3]); // units, slots with a value, slots without
            if (v.units() != null) {
                t[0] += v.units();
                t[1]++;
            } else {
                t[2]++;
            }
        }
        return new Usage(a, from, now, months, values);
    }

    private Application readable(OperatorCode operator, String id, ApplicationType type) {
        checkId(id);
        Application a = apps.get(id);
        if (a == null || (type != null && a.type() != type)) {
            throw SwitchingException.notFound("id", id, type == null ? "is not a known application" : "is not a known " + type.code() + " application");
        }
        if (!a.applicant().equals(operator) && !operator.equals(a.counterpart())) {
            throw SwitchingException.forbidden("id", id, "belongs to another operator");
        }
        return a;
    }

    // ---------------------------------------------------------------- the matching batch

    /**
     * Runs the matching batch if the clock has crossed a multiple of the matching interval since the last run
     * (the first boundary counted is the one after the service was ready). Returns true when a batch ran.
     */
    public synchronized boolean tick() {
        Instant now = clock.instant();
        long boundary = Math.floorDiv(now.getEpochSecond(), config.matchingInterval().getSeconds());
        if (lastBatchBoundary == Long.MIN_VALUE) {
            lastBatchBoundary = boundary;
            return false;
        }
        if (boundary <= lastBatchBoundary) {
            return false;
        }
        lastBatchBoundary = boundary;
        runBatch(now);
        batches++;
        notifyAll();
        return true;
    }

    /** Marks the service ready: batches run from the next interval boundary of the clock on. */
    synchronized void start() {
        tick();
    }

    /** Number of batches run since start. */
    public synchronized long batches() {
        return batches;
    }

    /** Waits (monitor wait, not polling) until at least {@code n} batches have run or {@code timeoutMillis} passed. */
    public synchronized boolean awaitBatches(long n, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (batches < n) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private void runBatch(Instant now) {
        List<Application> out = new ArrayList<>();
        List<SwitchEffect> switches = new ArrayList<>();
        Map<String, Application> changed = new HashMap<>();
        for (Application s : apps.values()) {
            if (s.type() != ApplicationType.SWITCH_START || s.status() != Status.PROCESSING) {
                continue;
            }
            for (Application t : sameSwitch(s.supplyPoint(), s.date())) {
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
        for (Application a : apps.values()) {
            if (a.type().isSwitching() && a.status() == Status.PROCESSING && !changed.containsKey(a.id())
                    && !now.isBefore(deadline(a.date()))) {
                String why = switch (a.type()) {
                    case SWITCH_START -> "no matching switching stop (IF_10710) by the deadline " + deadline(a.date());
                    case SWITCH_STOP -> "no matching switching start (IF_10610) by the deadline " + deadline(a.date());
                    default -> "the current retailer did not answer by the deadline " + deadline(a.date());
                };
                out.add(a.withStatus(Status.NG, why, now));
            }
        }
        if (!out.isEmpty()) {
            commit(new Event(now, out, switches, List.of()));
        }
    }

    /** Matching deadline of switch date {@code date}: 00:00 JST of the date minus {@link SwitchingConfig#deadlineBefore()}. */
    public Instant deadline(LocalDate date) {
        return date.atStartOfDay(Slots.JST).toInstant().minus(config.deadlineBefore());
    }

    // ---------------------------------------------------------------- journal and replay

    private void commit(Event e) {
        String json = Events.write(e);
        journal.append(json); // durable before visible, before acknowledged
        apply(e);
    }

    /** Applies one journal document (start-up replay). */
    public synchronized void replay(String json) {
        apply(Events.read(json));
    }

    private void apply(Event e) {
        for (Application a : e.apps()) {
            apps.put(a.id(), a);
            if (a.type().isSwitching()) {
                byPointDate.computeIfAbsent(a.supplyPoint().value() + '|' + a.date(), k -> new java.util.TreeSet<>()).add(a.id());
            }
            if (a.idempotencyKey() != null) {
                idempotency.put(a.applicant().value() + ' ' + a.idempotencyKey(), a.id());
            }
            sequence = Math.max(sequence, a.sequence());
        }
        for (SwitchEffect s : e.switches()) {
            registry.scheduleSwitch(s.point(), s.fromSlot(), s.retailer());
        }
        for (Consent c : e.consents()) {
            consents.put(c.point(), c);
        }
        events++;
    }

    /** Number of journal documents applied (replayed + written). */
    public synchronized long events() {
        return events;
    }

    /**
     * A canonical text of the whole state — sequence, applications (journal form, ID order), idempotency keys,
     * consents and the registry's switches — for comparing states across restarts.
     */
    public synchronized String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("sequence ").append(sequence).append('\n');
        for (Application a : apps.values()) {
            sb.append("app ").append(Events.toJson(a, true)).append('\n');
        }
        new TreeMap<>(idempotency).forEach((k, v) -> sb.append("key ").append(k).append(" -> ").append(v).append('\n'));
        consents.values().forEach(c -> sb.append("consent ").append(c).append('\n'));
        for (int i = 0; i < registry.size(); i++) {
            for (SupplyRegistry.Switch s : registry.switches(i)) {
                sb.append("switch ").append(registry.pointAt(i)).append(' ').append(s.fromSlot()).append(' ').append(s.retailer()).append('\n');
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    private void checkFuture(String field, LocalDate date, Instant now, boolean switching) {
        LocalDate today = LocalDate.ofInstant(now, Slots.JST);
        if (!date.isAfter(today)) {
            throw new InvalidValueException(field, date, "must be a future date (today is " + today + " JST)");
        }
        if (switching && !now.isBefore(deadline(date))) {
            throw new InvalidValueException(field, date, "is too close: its matching deadline " + deadline(date) + " has passed");
        }
    }

    private void checkOwnDuplicate(OperatorCode operator, SupplyPointId point, LocalDate date, ApplicationType type) {
        Application a = activeOf(operator, point, date, type);
        if (a != null) {
            throw SwitchingException.conflict("supplyPointId", point.value(),
                    "already has " + type.code() + " " + a.id() + " by " + operator + " for " + date);
        }
    }

    private Application activeOf(OperatorCode operator, SupplyPointId point, LocalDate date, ApplicationType type) {
        for (Application a : sameSwitch(point, date)) {
            if (a.type() == type && a.status().isActive() && a.applicant().equals(operator)
                    && a.supplyPoint().equals(point) && date.equals(a.date())) {
                return a;
            }
        }
        return null;
    }

    /** The earliest active start or 廃止取次 of another retailer for the point and date, or null. */
    private Application competitor(OperatorCode operator, SupplyPointId point, LocalDate date) {
        for (Application a : sameSwitch(point, date)) {
            if ((a.type() == ApplicationType.SWITCH_START || a.type() == ApplicationType.BROKERING)
                    && a.status().isActive() && !a.applicant().equals(operator)
                    && a.supplyPoint().equals(point) && date.equals(a.date())) {
                return a;
            }
        }
        return null;
    }

    /** The switching applications for {@code point} and {@code date}, in ID order. */
    private List<Application> sameSwitch(SupplyPointId point, LocalDate date) {
        java.util.TreeSet<String> ids = byPointDate.get(point.value() + '|' + date);
        if (ids == null) {
            return List.of();
        }
        List<Application> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(apps.get(id));
        }
        return out;
    }

    private static LocalDate dateOf(Request r) {
        return r instanceof Request.Dated d ? d.date() : r instanceof Request.Brokering b ? b.date() : null;
    }

    private static String conflictReason(Application winner) {
        return "conflict: another retailer's application " + winner.id() + " for the same supply point and switch date was accepted first (first accepted wins)";
    }

    private static String conflictNotice(String loserId) {
        return "conflict: a later application " + loserId + " by another retailer for the same supply point and switch date was rejected (NG); this application keeps its place";
    }

    static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidValueException("Idempotency-Key", key, "is required on every create");
        }
        if (key.length() > 64 || !key.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.')) {
            throw new InvalidValueException("Idempotency-Key", key, "must be 1–64 characters of [0-9A-Za-z._-]");
        }
    }

    static void checkId(String id) {
        if (id == null) {
            throw new InvalidValueException("id", null, "is required");
        }
        if (!id.matches("A\\d{9}")) {
            throw new InvalidValueException("id", id, "must be A followed by 9 digits");
        }
    }

    private static String consentHash(SupplyPointId point, String password) {
        return sha256("consent|" + point.value() + "|" + password);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
