package jp.ami.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.ami.mdms.MdmsServer;
import jp.ami.retailer.RemoteFile;
import jp.ami.retailer.RetailerClient;

/**
 * The demo's check of revisions as a retailer sees them: its client lists its W4 files through the front and fetches
 * every revision in list (name) order; for each file key (kind, time, split) the first must be revision 00 and each
 * later one higher than the one before, and each must download and parse. Revision numbers count per slot (and per
 * day) over all retailers, so a retailer whose points did not change in a revision has a gap there (00, 02). The figures of {@link DemoSummary.Revisions} come from here and from
 * the MDMS's counters.
 *
 * <p>File name fields (the MDMS's {@code FileNames}): {@code W4 VV KK YYYYMMDDHHMM RR SSSS .zip} — revision at 18–19.
 */
final class RevisionsCheck {
    private RevisionsCheck() {
    }

    static DemoSummary.Revisions check(MdmsServer mdms, RetailerClient client, Boolean reissueIdentical, long historyRows,
                                       DemoProgress progress) throws IOException {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (RemoteFile f : client.list()) {
            if (f.name().startsWith("W4")) {
                byKey.computeIfAbsent(f.name().substring(4, 18) + f.name().substring(20, 24), k -> new ArrayList<>()).add(f.name());
            }
        }
        boolean inOrder = true;
        int revisionFiles = 0;
        for (List<String> names : byKey.values()) {
            int previous = -1;
            for (int r = 0; r < names.size(); r++) {
                String name = names.get(r);
                int revision = Integer.parseInt(name.substring(18, 20));
                inOrder &= r == 0 ? revision == 0 : revision > previous;
                previous = revision;
                if (r > 0) {
                    W4FileReader.read(client.download(name)); // fetched and well-formed
                    revisionFiles++;
                }
            }
        }
        var s = mdms.stats();
        progress.step("revisions", "%,d values estimated at the cut-off, %,d of them revised later when real data came; %d operator"
                        + " correction(s); %,d rows of value history; the retailer fetched %,d revision files, each file's"
                        + " revisions in order: %s", s.estimatedAtCutoff(), s.revisedLater(), s.corrections(), historyRows,
                revisionFiles, inOrder);
        return new DemoSummary.Revisions(s.estimatedAtCutoff(), s.revisedLater(), reissueIdentical, historyRows, s.corrections(),
                revisionFiles, inOrder);
    }
}
