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
 * @param pvShare            meters with rooftop PV exporting (0xEB), per mille ({@link #defaults} 0 for
 *                           compatibility; {@code ./ami sim} 75 = {@link #TYPICAL_PV_SHARE})
 *
 * Source sizes vary per source, drawn from the seed: Wi-SUN n–2n (500–1,000), PLC n/2–2n (50–200),
 * 1:N n/2–2n (100–400).
 */
public record SimConfig(int meters, long seed, long firstMeterId, int area, List<OperatorCode> retailers,
                        int wisunShare, int relayShare, int wisunPerRouter, int plcPerConcentrator, int relayPerStation,
                        int pvShare) {
    /** Without PV (pvShare 0). */
    public SimConfig(int meters, long seed, long firstMeterId, int area, List<OperatorCode> retailers, int wisunShare,
                     int relayShare, int wisunPerRouter, int plcPerConcentrator, int relayPerStation) {
        this(meters, seed, firstMeterId, area, retailers, wisunShare, relayShare, wisunPerRouter, plcPerConcentrator,
                relayPerStation, 0);
    }

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
        if (pvShare < 0 || pvShare > 1000) {
            throw new InvalidValueException("pvShare", pvShare, "must be 0–1000 per mille");
        }
        if (wisunPerRouter < 1 || plcPerConcentrator < 1 || relayPerStation < 1) {
            throw new InvalidValueException("metersPerSource", wisunPerRouter + "/" + plcPerConcentrator + "/" + relayPerStation,
                    "must be at least 1");
        }
        retailers = List.copyOf(retailers);
    }

    public static SimConfig defaults(int meters) {
        return new SimConfig(meters, 20161101L, 1_000_000_001L, 3, DEFAULT_RETAILERS, 850, 100, 500, 100, 200, 0);
    }

    /** Typical share of meters with rooftop PV, per mille (7.5 %); {@code ./ami sim} uses it by default. */
    public static final int TYPICAL_PV_SHARE = 75;

    /** The same population with {@code pvShare} per mille of meters exporting PV (0xEB). */
    public SimConfig withPvShare(int pvShare) {
        return new SimConfig(meters, seed, firstMeterId, area, retailers, wisunShare, relayShare, wisunPerRouter,
                plcPerConcentrator, relayPerStation, pvShare);
    }
}
