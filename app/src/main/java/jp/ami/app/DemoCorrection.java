package jp.ami.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import jp.ami.mdms.MdmsServer;
import jp.ami.mdms.correction.CorrectionApi;
import jp.ami.mdms.correction.CorrectionRequest;
import jp.ami.mdms.store.StoredValue;
import jp.ami.model.Kwh;
import jp.ami.model.Slots;

/**
 * The demo's operator correction: one value of the retailer's first supply point in a recent slot is set by hand
 * through the MDMS's {@code POST /internal/corrections} (the path {@code ./ami mdms correct} takes), so the retailer's
 * pull afterwards meets a correction revision and checks it against QuestDB like every other value.
 */
final class DemoCorrection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoCorrection() {
    }

    /** Corrects {@code retailer}'s first point in slot {@code slot} (+0.1000 kWh); returns the answer, or null when it has none there. */
    static JsonNode run(MdmsServer mdms, String retailer, long slot, DemoProgress progress) throws IOException, InterruptedException {
        StoredValue v = mdms.store().read(slot).stream()
                .filter(x -> retailer.equals(mdms.master().registry().retailer(mdms.master().registry().retailerIndexAt(
                        mdms.master().registry().indexOf(jp.ami.model.SupplyPointId.of(x.supplyPointId())), slot)).value()))
                .findFirst().orElse(null);
        if (v == null) {
            return null;
        }
        long units = (v.valueUnits() == null ? 0 : v.valueUnits()) + 1000;
        String body = JSON.writeValueAsString(new CorrectionRequest(v.supplyPointId(), Slots.jstDate(slot).toString(),
                Slots.number(slot), Kwh.format(units), "demo: value read on site", "demo-operator", "estimated"));
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + mdms.deliveryPort() + CorrectionApi.PATH))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(res.body());
        if (res.statusCode() != 200) {
            throw new IOException("the demo's correction was refused: " + n.path("error").asText(res.body()));
        }
        progress.step("correct", "operator correction %d: %s %s slot %d %s → %s kWh, revision %02d (re-issued to %s)",
                n.get("id").asLong(), n.get("supplyPoint").asText(), n.get("date").asText(), n.get("slot").asInt(),
                n.get("beforeKwh").isNull() ? "missing" : n.get("beforeKwh").asText(), n.get("kwh").asText(),
                n.get("revision").asInt(), retailer);
        return n;
    }
}
