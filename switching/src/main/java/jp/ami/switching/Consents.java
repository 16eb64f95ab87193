package jp.ami.switching;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import jp.ami.switching.Events.Consent;
import jp.ami.switching.Events.Event;

/**
 * The customers' consent passwords for usage information (IF_10310), one per supply point (a new registration
 * replaces the old one). Only TSO operators ({@link SwitchingConfig#tsoOperators()}) register them; validity is at
 * most one calendar month. Only {@code SHA-256("consent|" + point + "|" + password)} is kept and journaled.
 */
final class Consents {
    private final TreeMap<SupplyPointId, Consent> byPoint = new TreeMap<>();
    private final Set<OperatorCode> tsoOperators;
    private final SupplyRegistry registry;
    private final Clock clock;

    Consents(Set<OperatorCode> tsoOperators, SupplyRegistry registry, Clock clock) {
        this.tsoOperators = tsoOperators;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * The event that registers {@code password} for {@code point} by {@code operator}: one consent, valid until
     * {@code validUntil} (null = one month from now).
     *
     * @throws SwitchingException 403 not a TSO operator, 404 unknown point
     * @throws InvalidValueException a malformed password, or the validity is not after now or more than one month
     *                               ahead (400)
     */
    Event registration(OperatorCode operator, SupplyPointId point, String password, Instant validUntil) {
        if (!tsoOperators.contains(operator)) {
            throw SwitchingException.forbidden("X-Ami-Operator", operator.value(), "may not register consent passwords (TSO operators only)");
        }
        Request.checkPassword(password);
        if (registry.indexOf(point) < 0) {
            throw SwitchingException.unknownSupplyPoint(point);
        }
        Instant now = clock.instant();
        Instant max = now.atOffset(Slots.JST).plusMonths(1).toInstant();
        Instant until = validUntil == null ? max : validUntil;
        if (!until.isAfter(now) || until.isAfter(max)) {
            throw new InvalidValueException("validUntil", until, "must be after now and at most one month ahead (" + max + ")");
        }
        return new Event(now, List.of(), List.of(), List.of(new Consent(point, hash(point, password), until, operator)));
    }

    /** The consent registered for {@code point}, or null. */
    Consent of(SupplyPointId point) {
        return byPoint.get(point);
    }

    /** Whether {@code password} is the one of consent {@code c} (compared in constant time). */
    static boolean matches(Consent c, String password) {
        return MessageDigest.isEqual(c.hash().getBytes(StandardCharsets.US_ASCII),
                hash(c.point(), password).getBytes(StandardCharsets.US_ASCII));
    }

    /** Applies a journaled consent. */
    void put(Consent c) {
        byPoint.put(c.point(), c);
    }

    /** All consents in supply-point order. */
    Collection<Consent> inPointOrder() {
        return byPoint.values();
    }

    private static String hash(SupplyPointId point, String password) {
        return Sha256.hex("consent|" + point.value() + "|" + password);
    }
}
