package jp.ami.sim;

import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;

/**
 * How the simulated population is built. Everything is derived deterministically from {@code seed}, so the
 * head-end's and the MDMS's master data can be regenerated from the same numbers.
 *
 * @param meters             number of meters (= supply points), default 10,000
 * @param seed               population seed
 * @param firstMeterId       meter IDs are {@code firstMeterId … firstMeterId + meters − 1}
 * @param area               area code 1–10 of every supply point (digits 1–2 of the ID)
 * @param retailers          retailer operator codes; points are spread over them
 * @param wisunShare         share of meters on Wi-SUN multi-hop, in per-mille (default 850)
 * @param relayShare         share on 1:N relays, per-mille (default 100); the rest is PLC
 * @param wisunPerRouter     meters per Wi-SUN border router / concentrator (default 500)
 * @param plcPerConcentrator meters per PLC building concentrator (default 100)
 * @param relayPerStation    meters per 1:N base-station relay (default 200)
 */
public record SimConfig(int meters, long seed, long firstMeterId, int area, List<OperatorCode> retailers,
                        int wisunShare, int relayShare, int wisunPerRouter, int plcPerConcentrator, int relayPerStation) {
    public static final List<OperatorCode> DEFAULT_RETAILERS =
            List.of(OperatorCode.of("R0001"), OperatorCode.of("R0002"), OperatorCode.of("R0003"), OperatorCode.of("R0004"));

    public SimConfig {
        if (meters < 1) {
            throw new InvalidValueException("meters", meters, "must be at least 1");
        }
        if (area < 1 || area > 10) {
            throw new InvalidValueException("area", area, "must be 1–10");
        }
        if (retailers == null || retailers.isEmpty()) {
            throw new InvalidValueException("retailers", retailers, "must name at least one retailer");
        }
        if (wisunShare < 0 || relayShare < 0 || wisunShare + relayShare > 1000) {
            throw new InvalidValueException("wisunShare+relayShare", wisunShare + relayShare, "must be 0–1000 per mille");
        }
        retailers = List.copyOf(retailers);
    }

    public static SimConfig defaults(int meters) {
        return new SimConfig(meters, 20161101L, 1_000_000_001L, 3, DEFAULT_RETAILERS, 850, 100, 500, 100, 200);
    }
}
