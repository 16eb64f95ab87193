package jp.ami.front;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints each test's display name and outcome, so the TLS matrix cases are named in the build output. */
final class NamedResults implements TestWatcher {
    @Override
    public void testSuccessful(ExtensionContext context) {
        System.out.println("  PASS  " + name(context));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("  FAIL  " + name(context) + ": " + cause);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        System.out.println("  SKIP  " + name(context) + ": " + cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        System.out.println("  SKIP  " + name(context));
    }

    private static String name(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + " › " + context.getDisplayName();
    }
}
