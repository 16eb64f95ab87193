package jp.ami.mdms.reissue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.ami.mdms.MdmsApiOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./ami mdms reissue --date D [--slot N] [--retailer R] [--mdms URL]}: asks a running MDMS
 * ({@code POST /internal/reissue} on its delivery port) to re-issue files from the stored values, and prints one line
 * per file ({@code IDENTICAL R0013 W4111020261122…zip}) and a summary; one clear error line when the MDMS is not
 * running or refuses the request (exit code 1).
 */
@Command(name = "reissue", mixinStandardHelpOptions = true,
        description = "Re-issue W4 files of a day (or one slot) from the stored values: identical, republished or a new revision.")
public final class ReissueCommand implements Callable<Integer> {
    @Option(names = "--date", required = true, description = "JST day, YYYY-MM-DD")
    LocalDate date;
    @Option(names = "--slot", description = "slot number 1–48 (default: the whole day)")
    Integer slot;
    @Option(names = "--retailer", description = "retailer code (default: every retailer)")
    String retailer;
    @Mixin
    MdmsApiOption mdms;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", date.toString());
        if (slot != null) {
            body.put("slot", slot);
        }
        if (retailer != null) {
            body.put("retailer", retailer);
        }
        return mdms.post(ReissueRoute.PATH, body, Duration.ofMinutes(15), "mdms reissue", ReissueCommand::print);
    }

    private static void print(JsonNode report, PrintWriter out) {
        for (JsonNode f : report.path("files")) {
            out.printf("%-12s %s %s%s%n", f.path("outcome").asText(), f.path("retailer").asText(), f.path("name").asText(),
                    f.path("outcome").asText().equals("IDENTICAL") && !f.path("containerIdentical").asBoolean() ? " (entry identical, ZIP differs)" : "");
        }
        out.printf("identical %d, republished %d, new revisions %d%n", report.path("identical").asInt(),
                report.path("republished").asInt(), report.path("newRevisions").asInt());
    }
}
