package jp.ami.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dashboard's server without a browser: its files, its two JSON resources, and what it refuses. */
class OperatorDashboardTest {
    private final List<Integer> asked = new CopyOnWriteArrayList<>();
    private final OperatorDashboard dashboard = OperatorDashboard.start(0, OperatorDashboardTest::figures, slots -> {
        asked.add(slots);
        return CompletableFuture.completedFuture(new Worklist(7, "2026-11-22#47", slots, 1,
                List.of(new Worklist.Row(1000000041L, "0300000000000000000041", "R0003", "wisun", "wisun-1", "2026-11-22T14:30:00Z"))));
    });
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        dashboard.close();
    }

    static DashboardSnapshot figures() {
        return new DashboardSnapshot("2026-11-22T15:00:00Z", new DashboardSnapshot.Readings(12, 1, 0), List.of(),
                new DashboardSnapshot.Counts(0, 0, 0, 0), new DashboardSnapshot.Values(3, 3, 0, 0), new DashboardSnapshot.Files(1, Map.of("R0001", 1L)),
                new DashboardSnapshot.Delivery(21, 21, 21, 1, 1, 60, List.of()), new DashboardSnapshot.Mdms(0, 12, 1, "2026-11-22#47", 20.5),
                new DashboardSnapshot.Front(0, Map.of(), 0));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + path.substring(1))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void serves_the_page_and_its_vendored_chart_library_from_the_jar_and_nothing_from_elsewhere() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=UTF-8");
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(v -> assertThat(v).startsWith("default-src 'self'"));
        assertThat(page.body()).contains("src=\"/vendor/chart.umd.min.js\"", "src=\"/dashboard.js\"").doesNotContain("http://", "https://");
        assertThat(get("/dashboard.js").body()).contains("/api/dashboard", "/api/worklist").doesNotContain("http://", "https://");
        assertThat(get("/vendor/chart.umd.min.js").body()).startsWith("/*!\n * Chart.js v4.6.1");
        assertThat(get("/dashboard.css").headers().firstValue("content-type")).hasValue("text/css; charset=UTF-8");
    }

    @Test
    void serves_the_figures_and_the_worklist_as_json() throws Exception {
        HttpResponse<String> figures = get("/api/dashboard");
        assertThat(figures.statusCode()).isEqualTo(200);
        assertThat(figures.body()).startsWith("{\"clock\":\"2026-11-22T15:00:00Z\",\"readings\":{\"journaled\":12,");
        HttpResponse<String> worklist = get("/api/worklist?slots=3");
        assertThat(worklist.body()).isEqualTo("{\"referenceSlot\":7,\"reference\":\"2026-11-22#47\",\"slots\":3,\"total\":1,\"rows\":["
                + "{\"meter\":1000000041,\"supplyPoint\":\"0300000000000000000041\",\"retailer\":\"R0003\",\"path\":\"wisun\","
                + "\"source\":\"wisun-1\",\"lastSeen\":\"2026-11-22T14:30:00Z\"}]}");
        get("/api/worklist");
        assertThat(asked).containsExactly(3, 1);
    }

    @Test
    void refuses_other_paths_methods_and_slot_counts() throws Exception {
        for (String path : List.of("/etc/passwd", "/jp/ami/app/dashboard/index.html", "/vendor/", "/logback.xml", "/api/")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        for (String q : List.of("slots=0", "slots=32", "slots=x", "slots=1&slots=2")) {
            assertThat(get("/api/worklist?" + q).statusCode()).as(q).isEqualTo(400);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "api/dashboard"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(asked).isEmpty();
    }
}
