package jp.ami.mdms.reissue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    @Option(names = "--mdms", description = "the MDMS delivery service (default: ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8081")
    URI mdms;
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", date.toString());
        if (slot != null) {
            body.put("slot", slot);
        }
        if (retailer != null) {
            body.put("retailer", retailer);
        }
        URI api = mdms.resolve(ReissueRoute.PATH);
        HttpResponse<String> res;
        try {
            res = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(HttpRequest.newBuilder(api)
                    .timeout(Duration.ofMinutes(15)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            spec.commandLine().getErr().println("mdms reissue: the MDMS is not running at " + mdms + " (connection refused)");
            return 1;
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println("mdms reissue: cannot reach the MDMS at " + mdms + ": " + e.getMessage());
            return 1;
        }
        if (res.statusCode() != 200) {
            String why = res.body().strip();
            try {
                why = json.readTree(why).path("error").asText(why);
            } catch (java.io.IOException notJson) {
                // the body as it came
            }
            spec.commandLine().getErr().println("mdms reissue: refused (" + res.statusCode() + "): " + why);
            return 1;
        }
        JsonNode report = json.readTree(res.body());
        var out = spec.commandLine().getOut();
        for (JsonNode f : report.path("files")) {
            out.printf("%-12s %s %s%s%n", f.path("outcome").asText(), f.path("retailer").asText(), f.path("name").asText(),
                    f.path("outcome").asText().equals("IDENTICAL") && !f.path("containerIdentical").asBoolean() ? " (entry identical, ZIP differs)" : "");
        }
        out.printf("identical %d, republished %d, new revisions %d%n", report.path("identical").asInt(),
                report.path("republished").asInt(), report.path("newRevisions").asInt());
        out.flush();
        return 0;
    }
}
