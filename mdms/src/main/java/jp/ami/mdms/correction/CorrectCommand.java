package jp.ami.mdms.correction;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import jp.ami.mdms.MdmsApiOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ami mdms correct}: an operator correction of one 30-minute value through the running MDMS's
 * {@code POST /internal/corrections} ({@link CorrectionApi}); prints the applied correction, or one line saying why it
 * was refused.
 */
@Command(name = "correct", mixinStandardHelpOptions = true,
        description = {"Correct one 30-minute value of a running MDMS: a new revision with the operator and reason,",
                "re-issuing the per-slot, per-day and confirmed-usage files it affects (audited in <data>/corrections.log).",
                "Only finalised slots within the 2-day revision horizon can be corrected."})
public final class CorrectCommand implements Callable<Integer> {
    @Option(names = "--supply-point", required = true, description = "supply point ID (22 digits)")
    String supplyPoint;
    @Option(names = "--date", required = true, description = "JST date of the slot, YYYY-MM-DD")
    LocalDate date;
    @Option(names = "--slot", required = true, description = "slot number of that day, 1–48")
    int slot;
    @Option(names = "--kwh", required = true, description = "the corrected value, kWh with at most 4 decimal places")
    String kwh;
    @Option(names = "--reason", required = true, description = "why (kept in the audit trail and the value history)")
    String reason;
    @Option(names = "--operator", description = "who corrects (default: the user name, ${DEFAULT-VALUE})",
            defaultValue = "${sys:user.name}")
    String operator;
    @Option(names = "--status", description = "status of the corrected value: estimated or measured (default: ${DEFAULT-VALUE})",
            defaultValue = "estimated")
    String status;
    @Mixin
    MdmsApiOption mdms;

    @Override
    public Integer call() throws Exception {
        return mdms.post(CorrectionApi.PATH, new CorrectionRequest(supplyPoint, date.toString(), slot, kwh, reason, operator, status),
                Duration.ofSeconds(60), "mdms correct", (n, out) -> out.printf(
                        "correction %d: %s %s slot %d: %s → %s kWh (%s), revision %02d, by %s: %s%n", n.get("id").asLong(),
                        n.get("supplyPoint").asText(), n.get("date").asText(), n.get("slot").asInt(),
                        n.get("beforeKwh").isNull() ? "missing" : n.get("beforeKwh").asText(), n.get("kwh").asText(),
                        n.get("status").asText(), n.get("revision").asInt(), n.get("operator").asText(), n.get("reason").asText()));
    }
}
