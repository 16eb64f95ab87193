package jp.ami.switching;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.switching.Events.Event;

/**
 * The switching core: applications, 廃止取次, the matching batch and its effect on the {@link SupplyRegistry}. This
 * class coordinates; each job has its own class:
 * <ul>
 *   <li>{@link Intake} accepts a create: the rule of each kind of {@link Request} ({@link FacilityInfoRule},
 *       {@link UsageInfoRule}, {@link DatedRule}, {@link BrokeringRule}, with {@link SwitchChecks} and
 *       {@link SwitchDates}) decides the new application.</li>
 *   <li>{@link IdempotencyKeys}: a create with the key of an earlier create of the same operator returns that
 *       application (whatever happened to it since) if the request is the same, else 409.</li>
 *   <li>{@link BrokeringAnswers} (IS_20410), {@link ApplicantChanges} (change, cancel), {@link Consents}
 *       (IF_10310 consent passwords), {@link UsageLookup} (IF_10310 values), {@link MatchingBatch}.</li>
 *   <li>{@link Applications} holds the applications; {@link SwitchingState} is the event sourcing.</li>
 * </ul>
 *
 * <p><b>State changes.</b> Every change is one {@link Events.Event}: it is appended to the
 * {@link SwitchingJournal} first and then applied — by the same code that rebuilds the state on start
 * ({@link #replay(String)}), so a replay reproduces exactly what was acknowledged. All public methods are
 * serialised on this object.
 */
public final class SwitchingService {
    private final Clock clock;
    private final SupplyRegistry registry;
    private final Applications applications = new Applications();
    private final IdempotencyKeys keys = new IdempotencyKeys(applications);
    private final Consents consents;
    private final SwitchingState state;
    private final SwitchDates dates;
    private final ReadingDays readingDays;
    private final Intake intake;
    private final ApplicantChanges changes;
    private final BrokeringAnswers answers;
    private final MatchingBatch matching;
    private final UsageLookup usage;
    private long batches;
    private volatile java.util.function.DoubleConsumer batchTimer = seconds -> { };

    /**
     * A service with empty state over {@code registry}, whose points' reading groups and contract amperes are in
     * {@code details}; call {@link #replay} for each journal document, then use it.
     */
    public SwitchingService(SupplyRegistry registry, SupplyPointDetails details, Clock clock, SwitchingConfig config,
            SwitchingJournal journal) {
        this.clock = clock;
        this.registry = registry;
        this.consents = new Consents(config.tsoOperators(), registry, clock);
        this.state = new SwitchingState(journal, registry, applications, keys, consents);
        this.dates = new SwitchDates(config.deadlineBefore());
        this.readingDays = new ReadingDays(config.readingCalendar(), registry, details, dates);
        this.intake = new Intake(registry, applications, consents, dates, readingDays, clock);
        this.changes = new ApplicantChanges(clock);
        this.answers = new BrokeringAnswers(applications, dates, clock);
        this.matching = new MatchingBatch(applications, registry, dates, config.matchingInterval());
        this.usage = new UsageLookup(clock);
    }

    /** As above, every point in its default reading group ({@link jp.ami.model.calendar.ReadingCalendar#groupOf}). */
    public SwitchingService(SupplyRegistry registry, Clock clock, SwitchingConfig config, SwitchingJournal journal) {
        this(registry, SupplyPointDetails.defaults(), clock, config, journal);
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
        IdempotencyKeys.check(idempotencyKey);
        return file(operator, idempotencyKey, request, Sha256.hex(request.type().code() + "|" + request), null);
    }

    /**
     * Changes the date of a processing start, stop, 廃止取次, reconnection or discontinuation: the old application
     * becomes 4 (changed) with the new ID as reason, and a new application with the new date — checked like a
     * create — replaces it ({@code details.replaces}). Only the applicant; idempotent by key like a create. The new
     * date must be a reading day of the point unless {@code customerRequested}.
     */
    public synchronized Outcome change(OperatorCode operator, String idempotencyKey, String id, LocalDate newDate,
            boolean customerRequested) {
        IdempotencyKeys.check(idempotencyKey);
        String hash = ApplicantChanges.changeHash(id, newDate, customerRequested);
        Application earlier = keys.earlier(operator, idempotencyKey, hash);
        if (earlier != null) {
            return new Outcome(earlier, false);
        }
        Application old = applications.readable(operator, id, null);
        return file(operator, idempotencyKey, changes.replacement(operator, id, old, newDate, customerRequested), hash, old);
    }

    /** {@link #change(OperatorCode, String, String, LocalDate, boolean)} to a reading day of the point. */
    public Outcome change(OperatorCode operator, String idempotencyKey, String id, LocalDate newDate) {
        return change(operator, idempotencyKey, id, newDate, false);
    }

    private Outcome file(OperatorCode operator, String idempotencyKey, Request request, String hash, Application replaces) {
        Application earlier = keys.earlier(operator, idempotencyKey, hash);
        if (earlier != null) {
            return new Outcome(earlier, false);
        }
        Event e = intake.accept(operator, idempotencyKey, request, hash, replaces);
        state.commit(e);
        return new Outcome(e.apps().get(0), true);
    }

    // ---------------------------------------------------------------- 廃止取次 answers, cancel, consent

    /**
     * IS_20410: the current retailer answers a 廃止取次 request. Repeating the same answer returns the request
     * unchanged; a different answer to an answered request → 409. On OK the platform files the stop on the
     * answering retailer's behalf (or links the stop it already filed).
     */
    public synchronized Application answer(OperatorCode operator, String id, boolean ok, String reason) {
        commitIfAny(answers.answer(operator, id, ok, reason));
        return applications.get(id);
    }

    /** The applicant cancels a processing application (status 5). Cancelling a cancelled one returns it; others → 409. */
    public synchronized Application cancel(OperatorCode operator, String id) {
        commitIfAny(changes.cancellation(operator, id, applications.readable(operator, id, null)));
        return applications.get(id);
    }

    private void commitIfAny(Event e) {
        if (e != null) {
            state.commit(e);
        }
    }

    /**
     * Registers a customer's consent password for usage information (IF_10310). Only TSO operators
     * ({@link SwitchingConfig#tsoOperators()}) may; validity is at most one month from now (null = one month).
     * Only a salted SHA-256 of the password is kept. Returns the validity end.
     */
    public synchronized Instant registerConsent(OperatorCode operator, SupplyPointId point, String password, Instant validUntil) {
        Event e = consents.registration(operator, point, password, validUntil);
        Instant until = e.consents().get(0).validUntil();
        // IF_10210: the password the retailers asked for is issued — their processing requests for the point are OK
        List<Application> issued = new java.util.ArrayList<>();
        for (Application a : applications.inIdOrder()) {
            if (a.type() == ApplicationType.USAGE_PASSWORD && a.status() == Status.PROCESSING && a.supplyPoint().equals(point)) {
                issued.add(a.withStatus(Status.OK, "consent password issued to the customer by " + operator
                        + " (valid until " + until + ")", e.at()).withDetail("consentValidUntil", until.toString(), e.at()));
            }
        }
        state.commit(issued.isEmpty() ? e : new Event(e.at(), issued, e.switches(), e.consents()));
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
        return applications.readable(operator, id, type);
    }

    /** IS_20310: 廃止取次 requests addressed to {@code operator}, in ID order, optionally only those in {@code status}. */
    public synchronized List<Application> addressedTo(OperatorCode operator, Status status) {
        return applications.addressedTo(operator, status);
    }

    /** The applications {@code operator} filed (or that were filed on its behalf), in ID order. */
    public synchronized List<Application> filedBy(OperatorCode operator) {
        return applications.filedBy(operator);
    }

    /**
     * IF_11110: the applications {@code operator} filed whose last change comes after cursor {@code since} (0 = from
     * the start), in change order, at most {@code limit} (1–1000). Change numbers follow the journal, so a cursor
     * stays valid across restarts.
     */
    public synchronized ChangePage changedSince(OperatorCode operator, long since, int limit) {
        if (since < 0) {
            throw new InvalidValueException("since", since, "must be a cursor ≥ 0");
        }
        if (limit < 1 || limit > 1000) {
            throw new InvalidValueException("limit", limit, "must be 1–1000");
        }
        return applications.changedSince(operator, since, limit);
    }

    /** All applications, in ID order (tools, the demo). */
    public synchronized List<Application> all() {
        return List.copyOf(applications.inIdOrder());
    }

    /** Where IF_10310 usage values come from (set by whoever wires the MDMS in); none until then. */
    public void usageSource(UsageSource source) {
        usage.source(source);
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
            a = applications.readable(operator, id, ApplicationType.USAGE_INFO);
        }
        return usage.of(id, a);
    }

    // ---------------------------------------------------------------- the matching batch

    /**
     * Runs the matching batch if the clock has crossed a multiple of the matching interval since the last run
     * (the first boundary counted is the one after the service was ready). Returns true when a batch ran.
     */
    public synchronized boolean tick() {
        Instant now = clock.instant();
        if (!matching.due(now)) {
            return false;
        }
        long t0 = System.nanoTime();
        commitIfAny(matching.run(now));
        batchTimer.accept((System.nanoTime() - t0) / 1e9);
        batches++;
        notifyAll();
        return true;
    }

    /** Told the wall-clock duration in seconds of every matching batch run (journal write included), under the lock. */
    public void onMatchingBatch(java.util.function.DoubleConsumer secondsObserver) {
        batchTimer = java.util.Objects.requireNonNull(secondsObserver, "secondsObserver");
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

    /**
     * The next {@code n} reading days of {@code point} a switch filed now could take (after today, matching deadline
     * not passed) — what a start or stop without a date gets first.
     *
     * @throws SwitchingException unknown point (404)
     */
    public synchronized List<LocalDate> nextSwitchDates(SupplyPointId point, int n) {
        return readingDays.possible(readingDays.group(indexOf(point)), clock.instant(), true, n);
    }

    /** The reading group of {@code point} (404 unknown). */
    public synchronized int readingGroup(SupplyPointId point) {
        return readingDays.group(indexOf(point));
    }

    private int indexOf(SupplyPointId point) {
        int p = registry.indexOf(point);
        if (p < 0) {
            throw SwitchingException.unknownSupplyPoint(point);
        }
        return p;
    }

    /** Matching deadline of switch date {@code date}: 00:00 JST of the date minus {@link SwitchingConfig#deadlineBefore()}. */
    public Instant deadline(LocalDate date) {
        return dates.deadline(date);
    }

    // ---------------------------------------------------------------- journal and replay

    /** Applies one journal document (start-up replay). */
    public synchronized void replay(String json) {
        state.replay(json);
    }

    /**
     * The switches decided after sequence number {@code after} (at most {@code limit}) and how far they are final:
     * the internal feed an MDMS in another process follows ({@link SwitchFeed}, {@code GET /internal/switches}).
     */
    public synchronized SwitchFeed.Page switchesAfter(long after, int limit) {
        return state.feed().page(after, limit, clock.instant(), dates, applications.inIdOrder(), state.events());
    }

    /** Number of journal documents applied (replayed + written). */
    public synchronized long events() {
        return state.events();
    }

    /**
     * A canonical text of the whole state — sequence, applications (journal form, ID order), idempotency keys,
     * consents and the registry's switches — for comparing states across restarts.
     */
    public synchronized String dump() {
        return state.dump();
    }
}
