package jp.ami.mdms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jp.ami.journal.ReadingBatch;
import jp.ami.mdms.master.MasterData;
import jp.ami.mdms.outbox.Outbox;
import jp.ami.mdms.slots.SlotEngine;
import jp.ami.mdms.store.StoredValue;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.mdms.xml.SlotFileWriter;
import jp.ami.model.ManualClock;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.Slots;
import jp.ami.model.SupplyRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * VEE scenarios as a table: like-day profile × readings (with faults) → the final value, status and revision of
 * every slot, as the store holds them after all ticks (revisions upsert).
 *
 * <p>One supply point, 30 A (capacity 15 000 units = 150 register steps per slot), meter 1000, unit 0.01 kWh
 * (1 step = 100 units), coefficient 1, 6 digits. Boundary {@code j} is the end of scenario slot {@code j}
 * (boundary 0 = start of slot 1). Readings {@code j:register}, options: {@code @m} received m minutes after the
 * boundary (default 5; the cut-off is 20), {@code ~s} stamped s seconds off the boundary, {@code #new} from the
 * new meter 2000 (exchange column: {@code boundary+minutes:oldFinal:newInitial}). Like day: register steps per
 * slot 7 days earlier ({@code -} = none). Expected per slot: units, status (P present, E estimated, C estimated at the
 * cut-off without a closing reading, M missing), revision, for an estimate the rule ({@link #METHOD_LETTERS}: L like
 * day, D the point's own recent days, F the documented load profile, N linear); {@code +f} = these {@link Vee} flag bits
 * must be set (1 negative, 2 over capacity, 4 clock skew, 8 duplicate, 16 gap, 32 exchange, 64 cut-off).
 */
class VeeScenarioTest {
    static final long S1 = Slots.index(LocalDate.of(2026, 11, 25), 10);

    /** {@link Vee.Method} by ordinal: measured, like day, recent days (own days), profile, linear, operator. */
    private static final String METHOD_LETTERS = "MLDFNO";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                          | like day            | exchange     | readings                                            | expected per slot
            all present                     | -                   | -            | 0:100 1:110 2:130 3:160                             | 1000P0 2000P0 3000P0
            register wrap (6 digits)        | -                   | -            | 0:999990 1:5 2:20                                   | 1500P0 1500P0
            negative, not a rollover        | -                   | -            | 0:500 1:400 2:410                                   | M0+1 1000P0
            beyond contract capacity        | -                   | -            | 0:100 1:300 2:310                                   | M0+2 1000P0
            capacity plus one register step | -                   | -            | 0:100 1:251 2:403                                   | 15100P0 M0+2
            clock skew snapped              | -                   | -            | 0:100 1:110~30 2:120                                | 1000P0+4 1000P0+4
            clock skew beyond tolerance     | -                   | -            | 0:100 1:110~300 2:120                               | 1000E1F+16 1000E0F+16
            duplicate, different value      | -                   | -            | 0:100 1:110 1:150 2:120                             | 1000P0+8 1000P0+8
            gap open at cut-off, profile    | -                   | -            | 0:100 1:110                                         | 1000P0 1032C0F+80 1204C0F+80
            gap open at cut-off, own days   | 9 10 20             | -            | 0:100 1:110                                         | 1000P0 1000C0D+80 2000C0D+80
            two-hour gap closed late        | -                   | -            | 0:100 1:110 6:150@45 7:160                          | 1000P0 471E1F 549E1F 784E1F 1020E1F 1176E1F 1000P0
            two-hour gap, like-day profile  | 9 10 20 30 20 20 9  | -            | 0:100 1:110 6:150@45 7:160                          | 1000P0 400E1L 800E1L 1200E1L 800E1L 800E1L 1000P0
            rounding keeps the sum          | 9 10 10 10          | -            | 0:100 1:110 4:120@45 5:130                          | 1000P0 334E1L 333E1L 333E1L 1000P0
            re-collected reading replaces   | -                   | -            | 0:100 1:110 3:150 2:140@55 4:160                    | 1000P0 3000P2 1000P1 1000P0
            exchange inside a slot          | -                   | 1+10:115:0   | 0:100 1:110 2:7#new 3:17#new                        | 1000P0 1200P0+32 1000P0
            exchange inside a gap           | -                   | 2+10:125:0   | 0:100 1:110 3:10#new 4:20#new                       | 1000P0 1154E1F+16 1346E0F+48 1000P0
            """)
    void scenario(String name, String likeDay, String exchange, String readings, String expected) {
        MasterData master = MasterData.empty(new SupplyRegistry());
        master.add(Fixtures.point(0), MeterId.of(1000), OperatorCode.of("R0001"), 30);
        if (!exchange.equals("-")) {
            String[] x = exchange.split(":");
            String[] at = x[0].split("\\+");
            Instant t = Slots.end(S1 - 1 + Integer.parseInt(at[0])).plusSeconds(60L * Integer.parseInt(at[1]));
            master.addExchange(Fixtures.point(0), MeterId.of(1000), Long.parseLong(x[1]), MeterId.of(2000), Long.parseLong(x[2]), t);
        }
        MemoryStore store = new MemoryStore();
        MdmsConfig config = Fixtures.config(dir);
        SlotEngine engine = new SlotEngine(config, master, store, new SlotFileWriter(config), Outbox.open(dir.resolve("outbox")),
                new ManualClock(Instant.parse("2026-11-25T00:00:00Z")));
        String[] exp = expected.trim().split("\\s+");
        if (!likeDay.equals("-")) {
            String[] steps = likeDay.trim().split("\\s+");
            for (int i = 0; i < steps.length; i++) {
                engine.days().put(S1 + i - SlotEngine.LIKE_DAY_SLOTS, 0, Vee.pack(Long.parseLong(steps[i]) * 100, ValueStatus.PRESENT, 0));
            }
        }
        record R(long boundary, long reg, long stamp, long received, long meter) {
        }
        List<R> rs = new ArrayList<>();
        for (String tok : readings.trim().split("\\s+")) {
            long meter = 1000;
            if (tok.endsWith("#new")) {
                meter = 2000;
                tok = tok.substring(0, tok.length() - 4);
            }
            long recvMin = 5;
            long skew = 0;
            int at = tok.indexOf('@');
            if (at > 0) {
                recvMin = Long.parseLong(tok.substring(at + 1));
                tok = tok.substring(0, at);
            }
            int sk = tok.indexOf('~');
            if (sk > 0) {
                skew = Long.parseLong(tok.substring(sk + 1));
                tok = tok.substring(0, sk);
            }
            String[] f = tok.split(":");
            long b = S1 - 1 + Integer.parseInt(f[0]);
            long t = Slots.endEpochSecond(b);
            rs.add(new R(b, Long.parseLong(f[1]), t + skew, t + recvMin * 60, meter));
        }
        rs.sort(Comparator.comparingLong(R::received)); // journal order = receive order
        engine.expectSlots(S1, S1 + exp.length); // one extra slot: its tick issues the last revisions
        for (R r : rs) {
            engine.finalizeDue(Instant.ofEpochSecond(r.received())); // ticks due before the reading arrives
            ReadingBatch b = new ReadingBatch(1);
            b.add(r.meter(), r.stamp(), r.reg(), r.received() * 1000, 1, 1, 0x02, 6, 1, 0, 0);
            engine.accept(b);
        }
        engine.finalizeDue(Slots.end(S1 + exp.length).plusSeconds(3600));

        List<String> actual = new ArrayList<>();
        for (int i = 0; i < exp.length; i++) {
            long s = S1 + i;
            StoredValue v = store.read(s).get(0);
            String st = switch (v.status()) {
                case "0" -> "P";
                case "1" -> "E";
                case "2" -> "C";
                default -> "M";
            };
            Vee.Method method = Vee.method(engine.days().get(s, 0));
            int flags = Vee.flags(engine.days().get(s, 0));
            String token = (v.valueUnits() == null ? "" : v.valueUnits().toString()) + st + v.revision()
                    + (st.equals("E") || st.equals("C") ? METHOD_LETTERS.substring(method.ordinal(), method.ordinal() + 1) : "");
            int want = exp[i].contains("+") ? Integer.parseInt(exp[i].substring(exp[i].indexOf('+') + 1)) : 0;
            if (want != 0) {
                assertThat(flags & want).as("flags of slot %d", i + 1).isEqualTo(want);
                token += "+" + want;
            }
            actual.add(token);
        }
        assertThat(String.join(" ", actual)).isEqualTo(String.join(" ", exp));
    }
}
