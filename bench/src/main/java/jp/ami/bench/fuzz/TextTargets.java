package jp.ami.bench.fuzz;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.ami.bench.fuzz.ProtocolTargets.Simple;
import jp.ami.mdms.master.MasterData;
import jp.ami.model.MeterExchangeFile;
import jp.ami.model.SupplyRegistry;
import jp.ami.switching.RequestBodyParser;

/**
 * The fuzz targets of the text formats operators and retailers send: the switching API's request bodies (strict
 * JSON, one create interface per input: the first byte picks it), the master-data CSV and the meter-exchange CSV.
 */
final class TextTargets {
    /** The create interfaces whose bodies are fuzzed; input byte 0 selects one. */
    static final List<String> INTERFACES = List.of("IF_10110", "IF_10210", "IF_10310", "IF_10410", "IF_10510", "IF_10610",
            "IF_10710", "IF_10810", "IF_10910", "IS_20110");

    private TextTargets() {
    }

    static List<FuzzTarget> all() {
        return List.of(switchingJson(), masterDataCsv(), meterExchangeCsv());
    }

    static FuzzTarget switchingJson() {
        String point = "0300000000000000000016";
        List<byte[]> seeds = List.of(
                json(0, "{\"supplyPointId\":\"" + point + "\",\"consentPassword\":\"pw-1\"}"),
                json(1, "{\"supplyPointId\":\"" + point + "\",\"customerName\":\"山田太郎\",\"address\":\"東京都千代田区\"}"),
                json(5, "{\"supplyPointId\":\"" + point + "\",\"switchDate\":\"2026-12-04\",\"customerRequestedDate\":true}"),
                json(7, "{\"supplyPointId\":\"" + point + "\",\"customerName\":\"a\",\"customerNameKana\":\"ア\",\"address\":\"b\",\"phone\":\"03-0000-0000\"}"),
                json(8, "{\"supplyPointId\":\"" + point + "\",\"contractAmperes\":\"40\",\"date\":\"2026-12-10\"}"),
                json(9, "{\"supplyPointId\":\"" + point + "\",\"switchDate\":\"2026-12-04\",\"contractNumber\":\"C1\",\"contractName\":\"n\",\"address\":\"x\"}"));
        return new Simple("switching-json", seeds, TextTargets::knownFieldOrOther, input -> {
            if (input.length == 0) {
                return "empty";
            }
            String code = INTERFACES.get((input[0] & 0xFF) % INTERFACES.size());
            byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
            return "ok:" + RequestBodyParser.parse(code, body).getClass().getSimpleName();
        });
    }

    /** The fields the create bodies know; a rejection naming any other field (taken from the input) is "other". */
    private static final java.util.Set<String> FIELDS = java.util.Set.of("body", "interface", "supplyPointId",
            "consentPassword", "customerName", "customerNameKana", "address", "phone", "contractAmperes", "date",
            "switchDate", "contractNumber", "contractName", "customerRequestedDate", "reconnectionDate",
            "discontinuationDate", "startDate", "stopDate");

    private static String knownFieldOrOther(Throwable t) {
        if (t instanceof jp.ami.model.InvalidValueException e) {
            return "refused:" + (FIELDS.contains(e.field()) ? e.field() : "other");
        }
        return "refused:" + t.getClass().getSimpleName();
    }

    private static byte[] json(int iface, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) iface;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    static FuzzTarget masterDataCsv() {
        List<byte[]> seeds = List.of(utf8(MasterData.HEADER + "\n0300000000000000000001,1000000001,R0004,40\n"
                        + "0300000000000000000002,1000000002,R0003,30\n"),
                utf8("\uFEFF" + MasterData.HEADER + ",reading_group\r\n\"0300000000000000000003\",1000000003,R0001,60,7\r\n\r\n"));
        return new Simple("master-data-csv", seeds, input -> {
            MasterData m = MasterData.read(new StringReader(new String(input, StandardCharsets.UTF_8)), new SupplyRegistry());
            return "ok:" + Math.min(m.registry().size(), 3);
        });
    }

    static FuzzTarget meterExchangeCsv() {
        List<byte[]> seeds = List.of(utf8(MeterExchangeFile.HEADER + "\n"
                + "0300000000000000000001,1000000001,12345,1000005001,7,2026-12-04T10:25:00+09:00\n"));
        return new Simple("meter-exchange-csv", seeds, input ->
                "ok:" + Math.min(MeterExchangeFile.read(new StringReader(new String(input, StandardCharsets.UTF_8))).size(), 3));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
