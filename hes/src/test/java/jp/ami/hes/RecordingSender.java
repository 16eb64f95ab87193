package jp.ami.hes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.ami.protocol.recollect.RecollectRequest;

/**
 * A {@link RecollectSender} for tests: takes every request (in {@link #sent}, safe to read from the test thread while
 * the head-end sends) and reports the sources it was given.
 */
final class RecordingSender implements RecollectSender {
    /** Every request sent, in order. */
    final List<RecollectRequest> sent = new CopyOnWriteArrayList<>();
    private final long[] sources;

    RecordingSender(long... sources) {
        this.sources = sources;
    }

    /** The sender of the re-collection tests: two PLC concentrators, 77 and 78. */
    static RecordingSender twoConcentrators() {
        return new RecordingSender(Routes.of(2, 77), Routes.of(2, 78));
    }

    @Override
    public boolean send(RecollectRequest request) {
        sent.add(request);
        return true;
    }

    @Override
    public long[] sources() {
        return sources;
    }
}
