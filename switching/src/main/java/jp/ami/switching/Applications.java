package jp.ami.switching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;

/**
 * The applications in memory: by ID (in ID order), the switching applications (start, stop, 廃止取次) also by supply
 * point and date, and the sequence of the highest ID so far. Changed only by {@link #put}, which the journal's
 * apply calls ({@link SwitchingState}); the queries below are what the rules and the reads ask of it.
 */
final class Applications {
    private final TreeMap<String, Application> byId = new TreeMap<>();
    /** Switching applications by {@code point|date}, IDs in order. */
    private final Map<String, TreeSet<String>> byPointDate = new HashMap<>();
    /** Switching applications by point, IDs in order (IF_10110: a pending switch). */
    private final Map<SupplyPointId, TreeSet<String>> switchesByPoint = new HashMap<>();
    /**
     * IF_11110: every put is a change, numbered 1, 2, … in journal order (so a replay numbers them alike); per
     * applicant, its applications by the number of their last change.
     */
    private final Map<OperatorCode, TreeMap<Long, String>> changesByApplicant = new HashMap<>();
    private final Map<String, Long> lastChange = new HashMap<>();
    private long changes;
    private long sequence;

    /** Inserts or replaces {@code a} (by ID). */
    void put(Application a) {
        Application before = byId.put(a.id(), a);
        if (a.type().isSwitching()) {
            byPointDate.computeIfAbsent(a.supplyPoint().value() + '|' + a.date(), k -> new TreeSet<>()).add(a.id());
            switchesByPoint.computeIfAbsent(a.supplyPoint(), k -> new TreeSet<>()).add(a.id());
        }
        sequence = Math.max(sequence, a.sequence());
        Long previous = lastChange.put(a.id(), ++changes);
        if (previous != null && before != null) {
            changesByApplicant.get(before.applicant()).remove(previous);
        }
        changesByApplicant.computeIfAbsent(a.applicant(), k -> new TreeMap<>()).put(changes, a.id());
    }

    /**
     * IF_11110: the applications {@code operator} filed whose last change is after {@code since}, in change order, at
     * most {@code limit}; {@code next} is the cursor for the following page ({@code since} when there is nothing new).
     */
    ChangePage changedSince(OperatorCode operator, long since, int limit) {
        TreeMap<Long, String> mine = changesByApplicant.getOrDefault(operator, new TreeMap<>());
        List<Application> apps = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        long next = since;
        boolean more = false;
        for (Map.Entry<Long, String> e : mine.tailMap(since, false).entrySet()) {
            if (apps.size() == limit) {
                more = true;
                break;
            }
            apps.add(byId.get(e.getValue()));
            numbers.add(e.getKey());
            next = e.getKey();
        }
        return new ChangePage(apps, numbers, next, more);
    }

    /**
     * IF_10110: an active (processing or OK) switching start or 廃止取次 of {@code operator} for {@code point} with a
     * date after {@code today}, or null.
     */
    Application pendingSwitch(OperatorCode operator, SupplyPointId point, LocalDate today) {
        for (String id : switchesByPoint.getOrDefault(point, new TreeSet<>())) {
            Application a = byId.get(id);
            if ((a.type() == ApplicationType.SWITCH_START || a.type() == ApplicationType.BROKERING) && a.status().isActive()
                    && a.applicant().equals(operator) && a.date().isAfter(today)) {
                return a;
            }
        }
        return null;
    }

    /** The application {@code id}, or null. */
    Application get(String id) {
        return byId.get(id);
    }

    /** The ID the next accepted application gets: never one given before. */
    String nextId() {
        return Application.idOf(sequence + 1);
    }

    /** The sequence of the highest ID so far (0 when there is none). */
    long sequence() {
        return sequence;
    }

    /** All applications in ID order (a read-only view). */
    Collection<Application> inIdOrder() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /**
     * The application {@code id} as seen by {@code operator}: its applicant, or the retailer it is addressed to
     * (廃止取次) or matched with. {@code type} non-null restricts the kind (status inquiries).
     *
     * @throws InvalidValueException the ID is missing or malformed (400)
     * @throws SwitchingException 404 unknown (or not of {@code type}), 403 someone else's
     */
    Application readable(OperatorCode operator, String id, ApplicationType type) {
        checkId(id);
        Application a = byId.get(id);
        if (a == null || (type != null && a.type() != type)) {
            throw SwitchingException.notFound("id", id, type == null ? "is not a known application" : "is not a known " + type.code() + " application");
        }
        if (!a.applicant().equals(operator) && !operator.equals(a.counterpart())) {
            throw SwitchingException.forbidden("id", id, "belongs to another operator");
        }
        return a;
    }

    /** IS_20310: 廃止取次 requests addressed to {@code operator}, in ID order, optionally only those in {@code status}. */
    List<Application> addressedTo(OperatorCode operator, Status status) {
        List<Application> out = new ArrayList<>();
        for (Application a : byId.values()) {
            if (a.type() == ApplicationType.BROKERING && operator.equals(a.counterpart())
                    && (status == null || a.status() == status)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The applications {@code operator} filed (or that were filed on its behalf), in ID order. */
    List<Application> filedBy(OperatorCode operator) {
        List<Application> out = new ArrayList<>();
        for (Application a : byId.values()) {
            if (a.applicant().equals(operator)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The active (processing or OK) application of {@code type} by {@code operator} for the point and date, or null. */
    Application activeOf(OperatorCode operator, SupplyPointId point, LocalDate date, ApplicationType type) {
        for (Application a : sameSwitch(point, date)) {
            if (a.type() == type && a.status().isActive() && a.applicant().equals(operator)
                    && a.supplyPoint().equals(point) && date.equals(a.date())) {
                return a;
            }
        }
        return null;
    }

    /** The earliest active start or 廃止取次 of another retailer than {@code operator} for the point and date, or null. */
    Application competitor(OperatorCode operator, SupplyPointId point, LocalDate date) {
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
    List<Application> sameSwitch(SupplyPointId point, LocalDate date) {
        TreeSet<String> ids = byPointDate.get(point.value() + '|' + date);
        if (ids == null) {
            return List.of();
        }
        List<Application> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            out.add(byId.get(id));
        }
        return out;
    }

    /** An application ID is {@code A} + 9 digits. */
    static void checkId(String id) {
        if (id == null) {
            throw new InvalidValueException("id", null, "is required");
        }
        if (!id.matches("A\\d{9}")) {
            throw new InvalidValueException("id", id, "must be A followed by 9 digits");
        }
    }
}
