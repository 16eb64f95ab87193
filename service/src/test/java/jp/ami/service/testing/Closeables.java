package jp.ami.service.testing;

/**
 * Test teardown: closes what a test opened, in the order given (the caller names the dependents first: a simulator
 * before its transports, the transports before the server). A {@code null} (never opened) is skipped; every
 * resource is closed even when one fails, and the first failure is rethrown with the others suppressed.
 */
public final class Closeables {
    private Closeables() {
    }

    /** Closes each non-null resource in argument order. */
    public static void closeAll(AutoCloseable... inOrder) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : inOrder) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
