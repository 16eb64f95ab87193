package jp.ami.bench.e2e;

import static jp.ami.bench.e2e.E2eResult.round;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resident heap per supply point: the heap after GC, and its split by component, measured by closing the
 * services one by one and seeing how much heap goes each time.
 */
final class HeapByComponent {
    private HeapByComponent() {
    }

    /**
     * Closes the platform's services one by one (load generator, head-end, front, MDMS) and returns the bytes per
     * point each held, plus {@code other}: what is left above {@code heapBase}.
     *
     * @param heapRun  the heap after GC with every service up
     * @param heapBase the heap after GC before the services started
     */
    static Map<String, Double> closeAndMeasure(E2ePlatform platform, long heapRun, long heapBase, int meters) {
        Map<String, Double> perComponent = new LinkedHashMap<>();
        long before = heapRun;
        platform.closeLoadGenerator();
        long h = heapAfterGc();
        perComponent.put("loadGenerator", round((before - h) / (double) meters));
        before = h;
        platform.closeHes();
        h = heapAfterGc();
        perComponent.put("hes", round((before - h) / (double) meters));
        before = h;
        platform.closeFront();
        h = heapAfterGc();
        perComponent.put("front", round((before - h) / (double) meters));
        before = h;
        long mdmsPoints = platform.mdms().master().registry().size();
        platform.closeMdms();
        h = heapAfterGc();
        perComponent.put("mdms", round((before - h) / (double) mdmsPoints));
        perComponent.put("other", round((h - heapBase) / (double) meters));
        return perComponent;
    }

    /** The smallest used heap of four {@code System.gc()}s; with {@code -Dami.e2e.histogram=true} the top of the class histogram. */
    static long heapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        if (Boolean.getBoolean("ami.e2e.histogram")) { // where the bytes are: the top of the live class histogram
            try {
                String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {null}, new String[] {String[].class.getName()});
                System.out.println(String.join("\n", java.util.Arrays.asList(h.split("\n")).subList(0, Math.min(18, h.split("\n").length))));
            } catch (Exception e) {
                System.out.println("(no class histogram: " + e + ")");
            }
        }
        return best;
    }
}
