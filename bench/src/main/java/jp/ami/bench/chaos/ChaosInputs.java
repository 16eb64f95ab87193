package jp.ami.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import jp.ami.certs.Pki;
import jp.ami.certs.ReusedPki;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyPointId;
import jp.ami.model.calendar.ReadingCalendar;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.SimConfig;

/**
 * What both runs of a chaos comparison share, written once under {@code <report>/inputs}: the population's master
 * data, a master key drawn from the seed, the PKI, and the switch — the first point of the population's first
 * retailer read on {@link #switchDate} (the day after the first slot's), taken over by the second retailer on its
 * reading day (off-cycle at the customer's request when no point of it is read that day).
 *
 * <p>The timeline: the clock starts at 22:30 JST the evening before the switch; the first slot is 23:30–24:00, so
 * the switch is filed before its matching deadline (23:00, {@code --deadline-hours 1}) and takes effect at the
 * following midnight, in the middle of the run.
 */
record ChaosInputs(Path dir, int meters, int slots, long speed, MeterPopulation population, Path masterData,
                   Path masterKeyFile, Pki pki, String switchedPoint, String currentRetailer, String newRetailer,
                   LocalDate switchDate, boolean offCycle) {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmm");
    static final DateTimeFormatter JST_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(Slots.JST);
    private static final String PKI_PASSWORD = "ami-chaos";
    /** The day of the first slot (23:30–24:00 JST); the switch takes effect at the midnight after it. */
    static final LocalDate FIRST_DATE = LocalDate.of(2026, 11, 23);
    static final int FIRST_SLOT = 48;
    private static final Duration CUTOFF = Duration.ofMinutes(20);

    /** The simulated instants a run is planned on. */
    record Timeline(Instant start, Instant matchingDeadline, Instant firstSlotStart, Instant lastSlotEnd, Instant lastCutoff) {
        /** The window kills are drawn from: from a minute into the first slot to a minute before the last cut-off. */
        Instant killFrom() {
            return firstSlotStart.plusSeconds(60);
        }

        Instant killTo() {
            return lastCutoff.minusSeconds(60);
        }
    }

    static ChaosInputs write(Path dir, int meters, int slots, long speed, long seed, Instant now) throws IOException {
        Files.createDirectories(dir);
        SimConfig config = SimConfig.defaults(meters);
        MeterPopulation population = new MeterPopulation(config);
        Path masterData = dir.resolve("master-data.csv");
        population.writeMasterData(masterData);
        byte[] key = new byte[16];
        new SplittableRandom(seed).nextBytes(key);
        Path keyFile = dir.resolve("master.key");
        Files.writeString(keyFile, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII);
        List<String> retailers = config.retailers().stream().map(OperatorCode::value).toList();
        Path pkiDir = dir.resolve("pki");
        ReusedPki.ensureUsable(pkiDir, retailers, PKI_PASSWORD, now);
        String current = retailers.get(0);
        String next = retailers.get(1);
        LocalDate switchDate = FIRST_DATE.plusDays(1);
        ReadingCalendar calendar = ReadingCalendar.standard();
        String point = null;
        String fallback = null;
        for (int i = 0; i < population.size() && point == null; i++) {
            if (population.retailer(i).value().equals(current)) {
                SupplyPointId p = population.supplyPoint(i);
                fallback = fallback == null ? p.value() : fallback;
                if (calendar.isReadingDay(calendar.groupOf(p), switchDate)) {
                    point = p.value();
                }
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("--meters " + meters + " gives retailer " + current + " no supply point");
        }
        return new ChaosInputs(dir, meters, slots, speed, population, masterData, keyFile, Pki.at(pkiDir),
                point != null ? point : fallback, current, next, switchDate, point == null);
    }

    Timeline timeline() {
        Instant firstSlotStart = Slots.start(Slots.index(FIRST_DATE, FIRST_SLOT));
        Instant lastSlotEnd = firstSlotStart.plusSeconds((long) Slots.SECONDS_PER_SLOT * slots);
        Instant midnight = switchDate.atTime(LocalTime.MIDNIGHT).atOffset(Slots.JST).toInstant();
        return new Timeline(midnight.minus(Duration.ofMinutes(90)), midnight.minus(Duration.ofHours(1)), firstSlotStart, lastSlotEnd,
                lastSlotEnd.plus(CUTOFF));
    }

    LocalDate firstDate() {
        return FIRST_DATE;
    }

    int firstSlotNumber() {
        return FIRST_SLOT;
    }

    long firstMeterId() {
        return population.meterId(0);
    }

    /** The retailers that supply a point at the last slot (each must get its file). */
    List<String> retailers() {
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < population.size(); i++) {
            out.add(population.retailer(i).value());
        }
        out.add(newRetailer);
        return List.copyOf(out);
    }
}
