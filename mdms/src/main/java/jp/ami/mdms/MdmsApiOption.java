package jp.ami.mdms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --mdms URL} of the operator commands that ask a running MDMS ({@code @Mixin MdmsApiOption mdms;}), and their
 * one way of asking: a JSON {@code POST} to a path of its internal API on the delivery port, the JSON answer printed
 * by the command (exit code 0), or one line to the command's error stream saying why there is none (exit code 1).
 */
public final class MdmsApiOption {
    /** What a command prints of the MDMS's answer. */
    public interface Printer {
        void print(JsonNode answer, PrintWriter out);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--mdms", description = "the MDMS delivery service, whose port serves the internal API (default: ${DEFAULT-VALUE})",
            defaultValue = "http://127.0.0.1:8081")
    URI mdms;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * POSTs {@code body} as JSON to {@code path}; the MDMS's JSON reply (HTTP 200) goes to {@code printer} with the
     * command's output, and the exit code is 0. Otherwise one line {@code name: why} goes to the command's error
     * stream, and the exit code is 1: the MDMS not running (connection refused), not reachable, refusing the request
     * (with its {@code error} field, else its body) or answering other than JSON.
     */
    public int post(String path, Object body, Duration timeout, String name, Printer printer)
            throws IOException, InterruptedException {
        Optional<JsonNode> answer = ask(path, body, timeout, name, command.commandLine().getErr());
        if (answer.isEmpty()) {
            return 1;
        }
        PrintWriter out = command.commandLine().getOut();
        printer.print(answer.get(), out);
        out.flush();
        return 0;
    }

    private Optional<JsonNode> ask(String path, Object body, Duration timeout, String command, PrintWriter err)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(mdms.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> res;
        try {
            res = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build().send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return fail(err, command, "the MDMS is not running at " + mdms + " (connection refused)");
        } catch (IOException e) {
            return fail(err, command, "cannot reach the MDMS at " + mdms + ": " + e.getMessage());
        }
        JsonNode answer = parse(res.body());
        if (res.statusCode() != 200) {
            String why = res.body().strip();
            return fail(err, command, "refused (" + res.statusCode() + "): " + (answer == null ? why : answer.path("error").asText(why)));
        }
        return answer != null ? Optional.of(answer) : fail(err, command, "unexpected answer (HTTP " + res.statusCode() + ") from " + mdms);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null || n.isMissingNode() ? null : n;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Optional<JsonNode> fail(PrintWriter err, String command, String why) {
        err.println(command + ": " + why);
        err.flush();
        return Optional.empty();
    }
}
