package jp.ami.bench;

import jp.ami.mdms.master.MasterData;
import jp.ami.model.MeterId;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;

/**
 * The master data the MDMS benchmarks measure with: point {@code i} is supply point {@code 0310111} followed by
 * {@code 100000000000000 + i} (22 digits), served by meter {@code 1000000001 + i} at 30 A, its retailer
 * {@code R0001 … R000n} taken in turn.
 */
final class SyntheticMaster {
    /** The meter ID of point 0. */
    static final long FIRST_METER = 1_000_000_001L;

    private SyntheticMaster() {
    }

    /** {@code points} supply points over {@code retailers} (1–9) retailers. */
    static MasterData of(int points, int retailers) {
        OperatorCode[] codes = new OperatorCode[retailers];
        for (int r = 0; r < retailers; r++) {
            codes[r] = OperatorCode.of("R000" + (r + 1));
        }
        MasterData master = MasterData.empty(new SupplyRegistry());
        StringBuilder sb = new StringBuilder(22);
        for (int i = 0; i < points; i++) {
            sb.setLength(0);
            sb.append("0310111").append(100_000_000_000_000L + i); // 7 + 15 digits
            master.add(SupplyPointId.of(sb.toString()), MeterId.of(FIRST_METER + i), codes[i % retailers], 30);
        }
        return master;
    }
}
