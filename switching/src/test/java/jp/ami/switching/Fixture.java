package jp.ami.switching;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyPointId;
import jp.ami.model.SupplyRegistry;
import jp.ami.model.calendar.ReadingCalendar;

/** Shared test values and a small HTTP client for the internal API. */
final class Fixture {
    static final OperatorCode A = OperatorCode.of("A0001");
    static final OperatorCode B = OperatorCode.of("B0002");
    static final OperatorCode C = OperatorCode.of("C0003");
    static final OperatorCode TSO = OperatorCode.of("03T01");
    static final SupplyPointId X = SupplyPointId.of("0310111001234567890000");
    static final SupplyPointId Y = SupplyPointId.of("0310111001234567890100");
    /** 2026-11-22 10:05 JST. */
    static final Instant START = Instant.parse("2026-11-22T01:05:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    static final ReadingCalendar CAL = ReadingCalendar.standard();
    /** The reading group of X and Y (1, basic day 1). */
    static final int GROUP = CAL.groupOf(X);
    /** X's and Y's next reading day: 2026-12-01, a Tuesday. */
    static final LocalDate D = CAL.nextReadingDay(GROUP, TODAY);
    /** Their reading day after D: 2027-01-04 (01-01 a holiday, 01-02 and 01-03 a weekend). */
    static final LocalDate D_NEXT = CAL.nextReadingDay(GROUP, D);
    /** The one after that: 2027-02-01. */
    static final LocalDate D_AFTER = CAL.nextReadingDay(GROUP, D_NEXT);

    private Fixture() {
    }

    /** The next reading day after today of {@code p} in its default group. */
    static LocalDate readingDayOf(SupplyPointId p) {
        return CAL.nextReadingDay(CAL.groupOf(p), TODAY);
    }

    /** X and Y, both supplied by A. */
    static SupplyRegistry registry() {
        SupplyRegistry r = new SupplyRegistry();
        r.register(X, A);
        r.register(Y, A);
        return r;
    }

    static String startBody(SupplyPointId p, LocalDate d) {
        return "{\"supplyPointId\":\"" + p + "\",\"switchDate\":\"" + d + "\"}";
    }

    static String brokeringBody(SupplyPointId p, LocalDate d) {
        return "{\"supplyPointId\":\"" + p + "\",\"switchDate\":\"" + d
                + "\",\"contractNumber\":\"K-12345\",\"contractName\":\"山田太郎\",\"address\":\"東京都千代田区1-1\"}";
    }

    /** Minimal client: operator header, optional idempotency key. */
    static final class Http {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final int port;

        Http(int port) {
            this.port = port;
        }

        HttpResponse<String> post(String path, OperatorCode op, String key, String body) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body));
            if (op != null) {
                b.header("X-Ami-Operator", op.value());
            }
            if (key != null) {
                b.header("Idempotency-Key", key);
            }
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path, OperatorCode op) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).GET();
            if (op != null) {
                b.header("X-Ami-Operator", op.value());
            }
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
