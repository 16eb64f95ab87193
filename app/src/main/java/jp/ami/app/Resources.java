package jp.ami.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * What a one-JVM run has opened (services, clients, files), closed in the reverse order of opening. A close
 * that fails is reported and the others are still closed. Shared by the demo and the end-to-end benchmark.
 */
public final class Resources implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final BiConsumer<AutoCloseable, Exception> onCloseFailure;

    /** @param onCloseFailure told of each resource whose {@code close()} threw, and what it threw */
    public Resources(BiConsumer<AutoCloseable, Exception> onCloseFailure) {
        this.onCloseFailure = onCloseFailure;
    }

    /** Keeps {@code resource} to close it later; returns it. */
    public <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    /** Closes {@code resource} now (a failure is reported) and forgets it. */
    public void closeNow(AutoCloseable resource) {
        closeQuietly(resource);
        open.remove(resource);
    }

    /** Closes now, last opened first, every resource that {@code which} accepts, and forgets them. */
    public void closeWhere(Predicate<AutoCloseable> which) {
        for (int i = open.size() - 1; i >= 0; i--) {
            if (which.test(open.get(i))) {
                closeQuietly(open.remove(i));
            }
        }
    }

    /** Closes everything still open, last opened first. */
    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            closeQuietly(open.get(i));
        }
        open.clear();
    }

    private void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            onCloseFailure.accept(resource, e);
        }
    }
}
