package jp.ami.mdms.correction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
    @Option(names = "--mdms", description = "the MDMS internal port (default: ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8081")
    URI mdms;

    @Override
    public Integer call() throws Exception {
        String body = JSON.writeValueAsString(new CorrectionRequest(supplyPoint, date.toString(), slot, kwh, reason, operator, status));
        HttpRequest req = HttpRequest.newBuilder(mdms.resolve(CorrectionApi.PATH)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res;
        try {
            res = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("mdms correct: no MDMS answers at " + mdms + ": start it with ./ami mdms, or give --mdms");
            return 1;
        } catch (IOException e) {
            System.err.println("mdms correct: cannot reach the MDMS at " + mdms + ": " + e.getMessage());
            return 1;
        }
        JsonNode n;
        try {
            n = JSON.readTree(res.body());
        } catch (IOException e) {
            System.err.println("mdms correct: unexpected answer (HTTP " + res.statusCode() + ") from " + mdms);
            return 1;
        }
        if (res.statusCode() != 200) {
            System.err.println("mdms correct: refused: " + n.path("error").asText("HTTP " + res.statusCode()));
            return 1;
        }
        System.out.printf("correction %d: %s %s slot %d: %s → %s kWh (%s), revision %02d, by %s: %s%n", n.get("id").asLong(),
                n.get("supplyPoint").asText(), n.get("date").asText(), n.get("slot").asInt(),
                n.get("beforeKwh").isNull() ? "missing" : n.get("beforeKwh").asText(), n.get("kwh").asText(),
                n.get("status").asText(), n.get("revision").asInt(), n.get("operator").asText(), n.get("reason").asText());
        return 0;
    }
}
