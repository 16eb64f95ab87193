package jp.ami.mdms;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.ami.mdms.reissue.ReissueCounts;
import jp.ami.mdms.reissue.ReissueReport;
import jp.ami.mdms.reissue.ReissueRoute;
import jp.ami.mdms.reissue.Reissuer;
import jp.ami.mdms.store.IlpQuestDbStore;
import jp.ami.mdms.store.QuestDbStore;
import jp.ami.mdms.store.ValueStore;

/**
 * Runs on-demand re-issues ({@link Reissuer}) on the engine thread, so they never race a tick: serves
 * {@code POST /internal/reissue} ({@link ReissueRoute}), counts the files handled, and logs the revision numbers a
 * re-issue takes in the {@link EngineLog} at the current journal position. Made before the delivery service starts
 * (its route must exist then); the {@link Reissuer} is made on first use, on the engine thread, from the server's
 * parts, which are all in place by then.
 */
final class ReissueDesk {
    private final MdmsServer server;
    private final EngineInbox inbox;
    private final ReissueRoute route = new ReissueRoute(this::reissueAsync);
    private final ReissueCounts counts = new ReissueCounts();
    /** Made on first use, on the engine thread. */
    private Reissuer reissuer;

    ReissueDesk(MdmsServer server, EngineInbox inbox) {
        this.server = server;
        this.inbox = inbox;
    }

    /** The endpoint of {@code POST /internal/reissue}. */
    ReissueRoute route() {
        return route;
    }

    /** See {@link MdmsServer#reissueAsync}. */
    CompletableFuture<ReissueReport> reissueAsync(LocalDate date, Integer slot, String retailer) {
        var done = new CompletableFuture<ReissueReport>();
        inbox.onEngine(e -> {
            try {
                ReissueReport report = reissuer().reissue(e, date, slot, retailer);
                counts.add(report);
                done.complete(report);
            } catch (RuntimeException ex) {
                done.completeExceptionally(ex);
            }
        });
        return done;
    }

    /** {@link #reissueAsync}, waiting up to 10 minutes for the report. */
    ReissueReport reissue(LocalDate date, Integer slot, String retailer) {
        try {
            return reissueAsync(date, slot, retailer).get(10, TimeUnit.MINUTES);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-issuing " + date, ex);
        } catch (TimeoutException ex) {
            throw new IllegalStateException("re-issue of " + date + " did not finish within 10 minutes", ex);
        }
    }

    /** Files handled by the re-issues run since start, by outcome. */
    ReissueCounts counts() {
        return counts;
    }

    /** Re-issue requests refused by the internal API, by reason. */
    Map<String, Long> refused() {
        return route.refused();
    }

    /** The re-issuer, made on first use (engine thread). */
    private Reissuer reissuer() {
        if (reissuer == null) {
            ValueStore store = server.store();
            Reissuer.StoredRowsConnections c;
            if (store instanceof QuestDbStore q) {
                c = q::connect;
            } else if (store instanceof IlpQuestDbStore i) {
                c = i::connect;
            } else {
                throw new IllegalStateException("re-issue reads lv_30min over SQL: not available with " + store.getClass().getSimpleName());
            }
            EngineLog log = server.engineLog();
            reissuer = new Reissuer(server.config(), server.master(), store, server.outbox(), server.clock(), c,
                    new Reissuer.RevisionLog() {
                        @Override
                        public void slot(long slotIndex, int revision) {
                            log.reissueSlotRevision(slotIndex, revision, server.documentsConsumed());
                        }

                        @Override
                        public void day(long epochDay, int revision) {
                            log.reissueDayRevision(epochDay, revision, server.documentsConsumed());
                        }
                    });
        }
        return reissuer;
    }
}
