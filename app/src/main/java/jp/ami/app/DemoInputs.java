package jp.ami.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import jp.ami.model.Slots;
import jp.ami.sim.MeterExchanges;
import jp.ami.sim.MeterPopulation;
import jp.ami.sim.SimConfig;

/**
 * What the demo's services read, written into a fresh {@code var/demo}: the simulated population's master data,
 * the meter exchanges planned for the run ({@code --exchange}; registered before it, for the head-end and the
 * MDMS) and the head-end's master key.
 *
 * @param exchangesFile null when no meter is exchanged during the run
 */
record DemoInputs(Path runDir, SimConfig simConfig, MeterPopulation population, Path masterData, MeterExchanges exchanges,
                  Path exchangesFile, byte[] masterKey) {

    static DemoInputs write(DemoOptions options) throws IOException {
        Path runDir = options.varDir().resolve("demo");
        deleteRecursively(runDir);
        Files.createDirectories(runDir);

        SimConfig simConfig = SimConfig.defaults(options.meters()).withPvShare(options.pvPerMille());
        MeterPopulation population = new MeterPopulation(simConfig);
        Path masterData = runDir.resolve("master-data.csv");
        population.writeMasterData(masterData);
        long firstSlot = Slots.index(options.date(), options.firstSlot());
        MeterExchanges exchanges = population.planExchanges(options.faults().exchange(), firstSlot, options.slots());
        Path exchangesFile = exchanges.isEmpty() ? null : runDir.resolve("meter-exchanges.csv");
        if (exchangesFile != null) {
            population.writeExchanges(exchangesFile);
        }
        byte[] masterKey = new byte[16];
        new SecureRandom().nextBytes(masterKey);
        Files.writeString(runDir.resolve("master.key"), HexFormat.of().formatHex(masterKey), StandardCharsets.US_ASCII);
        return new DemoInputs(runDir, simConfig, population, masterData, exchanges, exchangesFile, masterKey);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
