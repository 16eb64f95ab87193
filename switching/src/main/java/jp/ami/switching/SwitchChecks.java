package jp.ami.switching;

import java.time.LocalDate;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;

/**
 * The checks the dated create rules share (start, stop, reconnection, discontinuation, 廃止取次): the date, who
 * supplies the point on it, the applicant's own duplicate, and first accepted wins against another retailer.
 */
record SwitchChecks(SupplyRegistry registry, Applications applications, SwitchDates dates) {
    /**
     * Checks {@code date} ({@link SwitchDates#checkFuture}, 400 naming {@code field}) and returns the retailer that
     * supplies the point on it (from its first slot).
     */
    OperatorCode supplierOn(Filing f, String field, LocalDate date, boolean switching) {
        dates.checkFuture(field, date, f.now(), switching);
        return registry.retailerAt(f.pointIndex(), Slots.index(date, 1));
    }

    /** Stop, reconnection, discontinuation: 403 unless the applicant is {@code supplier}. */
    void checkSupplies(Filing f, OperatorCode supplier, LocalDate date, ApplicationType type) {
        if (!supplier.equals(f.applicant())) {
            throw SwitchingException.forbidden("supplyPointId", f.point().value(),
                    "is not supplied by " + f.applicant() + " on " + date + "; only the supplying retailer may file " + type.code());
        }
    }

    /** Start, 廃止取次: 400 when the applicant is {@code supplier} already — nothing to switch. */
    void checkSwitches(Filing f, OperatorCode supplier, LocalDate date) {
        if (supplier.equals(f.applicant())) {
            throw new InvalidValueException("supplyPointId", f.point().value(),
                    "is already supplied by " + f.applicant() + " on " + date + ": nothing to switch");
        }
    }

    /** 409 when the applicant already has an active application of {@code type} for the point and date. */
    void checkOwnDuplicate(Filing f, LocalDate date, ApplicationType type) {
        Application a = applications.activeOf(f.applicant(), f.point(), date, type);
        if (a != null) {
            throw SwitchingException.conflict("supplyPointId", f.point().value(),
                    "already has " + type.code() + " " + a.id() + " by " + f.applicant() + " for " + date);
        }
    }

    /**
     * {@code decision} — or NG when another retailer's active start or 廃止取次 for the point and date was accepted
     * first (first accepted wins); the earlier one then gets a notice naming the rejected one.
     */
    Decision firstAcceptedWins(Filing f, Decision decision) {
        Application winner = applications.competitor(f.applicant(), f.point(), decision.date());
        if (winner == null) {
            return decision;
        }
        return decision.rejected("conflict: another retailer's application " + winner.id()
                        + " for the same supply point and switch date was accepted first (first accepted wins)",
                winner.withNotice("conflict: a later application " + f.id() + " by another retailer for the same supply point"
                        + " and switch date was rejected (NG); this application keeps its place", f.now()));
    }
}
