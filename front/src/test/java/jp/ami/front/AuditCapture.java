package jp.ami.front;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Collects the audit lines written while it is attached: from construction until {@link #close()}, which
 * happens after each test when it is a {@code @RegisterExtension} field.
 */
final class AuditCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable, AfterEachCallback {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER_NAME);

    AuditCapture() {
        setName("audit-capture");
        start();
        logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(event.getFormattedMessage());
    }

    boolean any(String... parts) {
        return lines.stream().anyMatch(l -> java.util.Arrays.stream(parts).allMatch(l::contains));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
