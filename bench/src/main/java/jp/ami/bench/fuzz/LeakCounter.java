package jp.ami.bench.fuzz;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty's leak detector at PARANOID (every buffer tracked) with its reports counted instead of only logged, so a
 * fuzz run can fail on a leaked {@code ByteBuf}. Must be installed before Netty creates its buffer leak detector
 * (before the first buffer is allocated in the process).
 */
final class LeakCounter {
    private static final AtomicLong LEAKS = new AtomicLong();
    private static volatile boolean installed;

    private LeakCounter() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        LEAKS.incrementAndGet();
                        super.reportTracedLeak(resourceType, records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        LEAKS.incrementAndGet();
                        super.reportUntracedLeak(resourceType);
                    }
                };
            }
        });
        installed = true;
    }

    /**
     * Leaks reported so far, after a collection and a few allocations (the detector reports a leaked buffer when it
     * notices it was collected unreleased, on a later allocation).
     */
    static long leaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int k = 0; k < 64; k++) {
                io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16).release();
                io.netty.buffer.Unpooled.buffer(16).release();
            }
        }
        return LEAKS.get();
    }
}
