package jp.ami.service;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The base-directory options of the services that read the master data ({@code @Mixin VarOptions var;}):
 * {@code --var}, the directory every default path is under, and {@code --master-data}, the master data CSV
 * ({@code <var>/master-data.csv} unless given).
 */
public final class VarOptions {
    /** The master data file's name under {@code --var}. */
    public static final String MASTER_DATA = "master-data.csv";

    @Option(names = "--var", description = "base directory for the defaults (default: ${DEFAULT-VALUE})", defaultValue = "var")
    Path var;

    @Option(names = "--master-data", description = "master data CSV (default: <var>/" + MASTER_DATA + ")")
    Path masterData;

    /** The base directory. */
    public Path var() {
        return var;
    }

    /** {@code --master-data}, else {@code <var>/master-data.csv}. */
    public Path masterData() {
        return masterData != null ? masterData : var.resolve(MASTER_DATA);
    }
}
