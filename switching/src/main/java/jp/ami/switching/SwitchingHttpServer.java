package jp.ami.switching;

import jp.ami.service.InternalHttpServer;
import jp.ami.service.metrics.Metrics;


/**
 * The internal switching HTTP JSON API, on loopback behind the DMZ front. The front forwards
 * {@code /switching/...} unchanged and sets {@code X-Ami-Operator} to the operator of the client certificate
 * (stripping any incoming one) — the same contract as the MDMS delivery service.
 *
 * <p>Every request: header {@code X-Ami-Operator} (5 × [0-9A-Z]; missing/invalid → 400). Creates also need
 * {@code Idempotency-Key} (1–64 of [0-9A-Za-z._-]). Bodies are JSON objects of strings (the flag
 * {@code customerRequestedDate} a JSON boolean); dates {@code YYYY-MM-DD}. A dated create without its date gets the
 * point's next possible reading day; a date that is none is a 400 unless {@code customerRequestedDate} is true
 * ({@link ReadingDays}).
 * <table>
 * <caption>routes</caption>
 * <tr><th>route</th><th>body / query</th><th>answer</th></tr>
 * <tr><td>POST /switching/IF_10110</td><td>{@code {"supplyPointId"}}</td><td>201 application (status 2, details.area, areaCode,
 *     readingGroup, nextReadingDays, contractAmperes when known)</td></tr>
 * <tr><td>POST /switching/IF_10310</td><td>{@code {"supplyPointId","consentPassword"}}</td><td>201 application, 2 when the
 *     consent is valid, else 3 with the reason (the values themselves come from the MDMS; not served here)</td></tr>
 * <tr><td>POST /switching/IF_10410, IF_10510</td><td>{@code {"supplyPointId","date"?,"customerRequestedDate"?}}</td><td>201 application (status 1)</td></tr>
 * <tr><td>POST /switching/IF_10610, IF_10710</td><td>{@code {"supplyPointId","switchDate"?,"customerRequestedDate"?}}</td><td>201 application (1; 3 on conflict)</td></tr>
 * <tr><td>POST /switching/IS_20110</td><td>{@code {"supplyPointId","switchDate","contractNumber","contractName","address"}}</td>
 *     <td>201 application, counterpart = current retailer (1; 3 on conflict)</td></tr>
 * <tr><td>POST /switching/IF_10210</td><td>{@code {"supplyPointId","customerName","address"}}</td><td>201 application (1; 2 once a
 *     TSO registers the consent)</td></tr>
 * <tr><td>POST /switching/IF_10810</td><td>{@code {"supplyPointId","customerName"?,"customerNameKana"?,"address"?,"phone"?}}</td>
 *     <td>201 application (1), supplier only</td></tr>
 * <tr><td>POST /switching/IF_10910</td><td>{@code {"supplyPointId","contractAmperes","date"?,"customerRequestedDate"?}}</td>
 *     <td>201 application (1), supplier on the date only</td></tr>
 * <tr><td>GET /switching/IF_10220|10420|10520|10620|10720|10820|10920?id=, IS_20210?id=</td><td></td><td>200 application of that kind</td></tr>
 * <tr><td>GET /switching/IF_11110[?since=][&amp;limit=]</td><td></td><td>200 {@code {"applications":[…],"next","more"}}: the caller's
 *     applications changed after the cursor, in change order</td></tr>
 * <tr><td>GET /switching/IS_20310[?status=1]</td><td></td><td>200 {@code {"applications":[…]}} addressed to the caller</td></tr>
 * <tr><td>POST /switching/IS_20410</td><td>{@code {"id","answer":"OK"|"NG","reason"}}</td><td>200 the 廃止取次 request</td></tr>
 * <tr><td>GET /switching/applications[?id=]</td><td></td><td>200 one application, or the caller's list</td></tr>
 * <tr><td>POST /switching/change</td><td>{@code {"id","switchDate"|"date","customerRequestedDate"?}} + Idempotency-Key</td><td>201 the new
 *     application ({@code details.replaces}); the old one becomes 4 (changed)</td></tr>
 * <tr><td>POST /switching/cancel</td><td>{@code {"id"}}</td><td>200 application (status 5)</td></tr>
 * <tr><td>POST /switching/consents</td><td>{@code {"supplyPointId","consentPassword","validUntil"?}} (TSO only)</td>
 *     <td>201 {@code {"supplyPointId","validUntil"}}</td></tr>
 * </table>
 * An idempotent repeat of a create answers 200 with the original application. Application JSON:
 * {@code {"id","interface","applicant","supplyPointId","date","counterpart","status","statusName","reason",
 * "matchedId","idempotencyKey","acceptedAt","updatedAt","details":{…},"notices":[…]}}.
 * Errors: {@code {"error":{"status","field","value","message"}}} — 400 invalid value / malformed JSON (field =
 * where the parser was), 403 someone else's application or not the supplier, 404 unknown point / application /
 * route, 405 wrong method, 409 idempotency-key reuse, duplicate, already decided, 413 body larger than
 * {@link SwitchingConfig#maxBodyBytes()} (empty body, from Netty).
 */
public final class SwitchingHttpServer implements AutoCloseable {
    private final InternalHttpServer http;

    public SwitchingHttpServer(String host, int port, int maxBodyBytes, SwitchingService service) {
        this(host, port, maxBodyBytes, service, null);
    }

    /** As {@link #SwitchingHttpServer(String, int, int, SwitchingService)}, also serving {@code GET /metrics} (null: none). */
    public SwitchingHttpServer(String host, int port, int maxBodyBytes, SwitchingService service, Metrics metrics) {
        http = InternalHttpServer.start(host, port, maxBodyBytes, 2, new SwitchingHandler(service), metrics);
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
    }
}
