package jp.ami.switching;

import java.time.Instant;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;

/**
 * What every create rule is told about the application being filed.
 *
 * @param id         the ID it gets when accepted (the next in sequence)
 * @param applicant  the operator filing it
 * @param point      its supply point, known to the registry
 * @param pointIndex the point's index in the registry
 * @param now        the clock at acceptance
 */
record Filing(String id, OperatorCode applicant, SupplyPointId point, int pointIndex, Instant now) {
}
