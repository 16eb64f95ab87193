package jp.ami.protocol.echonet;

/**
 * A reusable, mutable 30-minute meter reading: what {@link MeterReadingDecoder} fills and
 * {@link MeterReadingEncoder} writes. One instance is re-pointed per frame; it is not thread-safe.
 *
 * <p>Fields mirror the ECHONET Lite properties: {@code register} is the raw cumulative register (0xEA/0xEB
 * value, u32), {@code coefficient} is 0xD3 (1 when absent), {@code digits} is 0xD7, {@code unitCode} is 0xE1.
 * {@code readingEpochSecond} is the 0xEA/0xEB JST date-time converted to epoch seconds.
 */
public final class MeterReading {
    private int tid;
    private int esv;
    private Direction direction;
    private long readingEpochSecond;
    private long register;
    private long coefficient;
    private boolean coefficientPresent;
    private int digits;
    private int unitCode;
    /** The decoder's cursor over this reading's frames, reused so that decoding allocates nothing. */
    private final PropertyWalker walker = new PropertyWalker();

    public MeterReading() {
        clear();
    }

    /** Resets every field: INF, normal direction, coefficient 1 (present), no digits/unit. */
    public MeterReading clear() {
        tid = 0;
        esv = EchonetLite.ESV_INF;
        direction = Direction.NORMAL;
        readingEpochSecond = 0;
        register = 0;
        coefficient = 1;
        coefficientPresent = true;
        digits = 0;
        unitCode = -1;
        return this;
    }

    /** Sets the fields of an INF reading (coefficient written as 0xD3). */
    public MeterReading set(int tid, Direction direction, long readingEpochSecond, long register,
                            long coefficient, int digits, int unitCode) {
        decoded(tid, EchonetLite.ESV_INF, direction, readingEpochSecond, register, coefficient, true, digits, unitCode);
        return this;
    }

    public int tid() {
        return tid;
    }

    public MeterReading tid(int tid) {
        this.tid = tid;
        return this;
    }

    public int esv() {
        return esv;
    }

    public MeterReading esv(int esv) {
        this.esv = esv;
        return this;
    }

    public Direction direction() {
        return direction;
    }

    public MeterReading direction(Direction direction) {
        this.direction = direction;
        return this;
    }

    public long readingEpochSecond() {
        return readingEpochSecond;
    }

    public MeterReading readingEpochSecond(long readingEpochSecond) {
        this.readingEpochSecond = readingEpochSecond;
        return this;
    }

    /** Raw cumulative register, u32. */
    public long register() {
        return register;
    }

    public MeterReading register(long register) {
        this.register = register;
        return this;
    }

    /** 0xD3 coefficient, u32; 1 when the frame had no 0xD3. */
    public long coefficient() {
        return coefficient;
    }

    /** Sets 0xD3; the encoder writes it. */
    public MeterReading coefficient(long coefficient) {
        this.coefficient = coefficient;
        this.coefficientPresent = true;
        return this;
    }

    /** Coefficient 1, and the encoder omits 0xD3 (as meters without a coefficient do). */
    public MeterReading noCoefficient() {
        this.coefficient = 1;
        this.coefficientPresent = false;
        return this;
    }

    /** Whether 0xD3 was (decoded) or will be (encoded) present in the frame. */
    public boolean coefficientPresent() {
        return coefficientPresent;
    }

    /** 0xD7 effective digits: the register wraps at 10^digits. */
    public int digits() {
        return digits;
    }

    public MeterReading digits(int digits) {
        this.digits = digits;
        return this;
    }

    /** 0xE1 unit code (see {@link jp.ami.model.EnergyUnit}). */
    public int unitCode() {
        return unitCode;
    }

    public MeterReading unitCode(int unitCode) {
        this.unitCode = unitCode;
        return this;
    }

    PropertyWalker walker() {
        return walker;
    }

    /** Sets every field (the decoder's result, and {@link #set}). */
    void decoded(int tid, int esv, Direction direction, long readingEpochSecond, long register, long coefficient,
                 boolean coefficientPresent, int digits, int unitCode) {
        this.tid = tid;
        this.esv = esv;
        this.direction = direction;
        this.readingEpochSecond = readingEpochSecond;
        this.register = register;
        this.coefficient = coefficient;
        this.coefficientPresent = coefficientPresent;
        this.digits = digits;
        this.unitCode = unitCode;
    }

    @Override
    public String toString() {
        return "MeterReading{tid=" + tid + ", esv=0x" + Integer.toHexString(esv) + ", direction=" + direction
                + ", readingEpochSecond=" + readingEpochSecond + ", register=" + register + ", coefficient="
                + coefficient + (coefficientPresent ? "" : " (absent)") + ", digits=" + digits
                + ", unitCode=0x" + Integer.toHexString(unitCode) + '}';
    }
}
