package jp.ami.mdms.slots;

import jp.ami.mdms.values.ExportIndex;
import jp.ami.model.SupplyRegistry;

/**
 * The points one set of slot collaborators ({@link BoundaryWindow}, {@link Gaps}, {@link SpanValidator},
 * {@link GapEstimator}, {@link SlotCalculator}, {@link RevisionPlanner}) works on, by <em>local</em> index: every
 * supply point (import values: local index = point index), or the PV points of an {@link ExportIndex} (export values:
 * local index = export index). The collaborators keep their arrays by local index and ask this for the supply point
 * behind one when they need master data (format, contract, exchange, retailer).
 */
final class PointSpace {
    private final SupplyRegistry registry;
    /** Null for the import space. */
    private final ExportIndex export;

    private PointSpace(SupplyRegistry registry, ExportIndex export) {
        this.registry = registry;
        this.export = export;
    }

    /** Every supply point: import values. */
    static PointSpace allPoints(SupplyRegistry registry) {
        return new PointSpace(registry, null);
    }

    /** The PV points of {@code index}: export values. */
    static PointSpace exportPoints(SupplyRegistry registry, ExportIndex index) {
        return new PointSpace(registry, index);
    }

    boolean isExport() {
        return export != null;
    }

    /** Number of local indexes. */
    int size() {
        return export == null ? registry.size() : export.size();
    }

    /** The supply point of local index {@code local}. */
    int point(int local) {
        return export == null ? local : export.point(local);
    }
}
