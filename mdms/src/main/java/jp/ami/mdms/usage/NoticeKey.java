package jp.ami.mdms.usage;

/** One notice: its kind, date (JST epoch day) and retailer (index); ordered by date, then kind, then retailer. */
record NoticeKey(NoticeKind kind, long epochDay, int retailer) implements Comparable<NoticeKey> {
    @Override
    public int compareTo(NoticeKey o) {
        int c = Long.compare(epochDay, o.epochDay);
        c = c != 0 ? c : kind.compareTo(o.kind);
        return c != 0 ? c : Integer.compare(retailer, o.retailer);
    }
}
