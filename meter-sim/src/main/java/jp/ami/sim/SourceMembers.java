package jp.ami.sim;

import java.util.ArrayList;
import java.util.List;
import jp.ami.model.CommPath;

/**
 * The population's sources (concentrators, relays, border routers) with their meters, built once per boundary as
 * dense int arrays: in {@link CommPath} order, then by source ID, sources without meters left out; each source's
 * meters in meter-index order. Every boundary, the announcement and the builders walk sources in this order, so batch
 * sequence numbers follow it.
 */
final class SourceMembers {
    /** One source and the dense indexes of its meters. */
    record Source(CommPath path, int sourceId, int[] members) {
    }

    private SourceMembers() {
    }

    static List<Source> of(MeterPopulation meters) {
        List<Source> out = new ArrayList<>();
        for (CommPath path : CommPath.values()) {
            int[][] members = membersOf(meters, path);
            for (int s = 0; s < members.length; s++) {
                if (members[s].length > 0) {
                    out.add(new Source(path, s + 1, members[s]));
                }
            }
        }
        return out;
    }

    /** The meters of each source of {@code path} (index: source ID − 1). */
    private static int[][] membersOf(MeterPopulation meters, CommPath path) {
        int sources = meters.sourceCount(path);
        int[] sizes = new int[sources];
        for (int i = 0; i < meters.size(); i++) {
            if (meters.pathCode(i) == path.code()) {
                sizes[meters.source(i) - 1]++;
            }
        }
        int[][] m = new int[sources][];
        for (int s = 0; s < sources; s++) {
            m[s] = new int[sizes[s]];
            sizes[s] = 0;
        }
        for (int i = 0; i < meters.size(); i++) {
            if (meters.pathCode(i) == path.code()) {
                int s = meters.source(i) - 1;
                m[s][sizes[s]++] = i;
            }
        }
        return m;
    }
}
