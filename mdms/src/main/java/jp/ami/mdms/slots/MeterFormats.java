package jp.ami.mdms.slots;

import jp.ami.model.EnergyUnit;

/**
 * How each supply point's register counts, from its latest reading: unit code, number of digits and coefficient,
 * 6 bytes per point in dense arrays (the hot path writes them for every accepted reading). Fields are
 * package-private for {@link SnapshotCodec}.
 */
final class MeterFormats {
    final byte[] unitCode;
    final byte[] digits;
    final int[] coefficient;

    MeterFormats(int points) {
        unitCode = new byte[points];
        digits = new byte[points];
        coefficient = new int[points];
    }

    void set(int p, int unit, int registerDigits, int coef) {
        unitCode[p] = (byte) unit;
        coefficient[p] = coef;
        digits[p] = (byte) registerDigits;
    }

    EnergyUnit unit(int p) {
        return EnergyUnit.ofCode(unitCode[p]);
    }

    int digits(int p) {
        return digits[p];
    }

    int coefficient(int p) {
        return coefficient[p];
    }
}
