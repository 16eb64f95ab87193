package jp.ami.hes;

/**
 * The AES-GCM results of one batch, computed by {@link PreOpener} on the submitting thread: per envelope (by its
 * index in the batch) whether its tag verified and, if so, where its plaintext is in {@link #plain}. Sized for a full
 * batch and reused ({@link PreOpener#recycle}); read by the ingest thread while it checks that batch.
 */
final class PreOpened {
    final boolean[] ok;
    final int[] offset;
    final int[] length;
    final byte[] plain;

    PreOpened(int count, int plainCapacity) {
        ok = new boolean[count];
        offset = new int[count];
        length = new int[count];
        plain = new byte[plainCapacity];
    }

    boolean fits(int count, int plainCapacity) {
        return ok.length >= count && plain.length >= plainCapacity;
    }
}
