package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRouterTest {
    static final String FILE = "W41110202611220100000001.zip";

    private static RequestRouter.Decision route(HttpMethod m, String uri) {
        return RequestRouter.route(new DefaultHttpRequest(HttpVersion.HTTP_1_1, m, uri));
    }

    private static RequestRouter.Decision route(String method, String uri) {
        return route(HttpMethod.valueOf(method), uri);
    }

    @ParameterizedTest(name = "{0} {1} → {3} {2}")
    @CsvSource(delimiterString = " | ", textBlock = """
            GET  | /30min/FileListReceiver                                       | /30min/FileListReceiver                                       | FILES
            GET  | /30min/FileReceiver?file=W41110202611220100000001.zip         | /30min/FileReceiver?file=W41110202611220100000001.zip         | FILES
            GET  | /30min/FileListReceiver?since=W41110202611220100000001.zip    | /30min/FileListReceiver?since=W41110202611220100000001.zip    | FILES
            GET  | /30min/FileReceiver?file=W41110202611220100000001%2Ezip       | /30min/FileReceiver?file=W41110202611220100000001.zip         | FILES
            POST | /switching/IF_10610                                           | /switching/IF_10610                                           | SWITCHING
            POST | /switching/IS_20110                                           | /switching/IS_20110                                           | SWITCHING
            GET  | /switching/IF_10620?id=A000000001                             | /switching/IF_10620?id=A000000001                             | SWITCHING
            GET  | /switching/IS_20310?status=1                                  | /switching/IS_20310?status=1                                  | SWITCHING
            GET  | /switching/applications                                       | /switching/applications                                       | SWITCHING
            GET  | /switching/usage?id=A000000004                                | /switching/usage?id=A000000004                                | SWITCHING
            POST | /switching/IF_10210                                           | /switching/IF_10210                                           | SWITCHING
            POST | /switching/IF_10810                                           | /switching/IF_10810                                           | SWITCHING
            POST | /switching/IF_10910                                           | /switching/IF_10910                                           | SWITCHING
            GET  | /switching/IF_10220?id=A000000001                             | /switching/IF_10220?id=A000000001                             | SWITCHING
            GET  | /switching/IF_10420?id=A000000001                             | /switching/IF_10420?id=A000000001                             | SWITCHING
            GET  | /switching/IF_10520?id=A000000001                             | /switching/IF_10520?id=A000000001                             | SWITCHING
            GET  | /switching/IF_10820?id=A000000001                             | /switching/IF_10820?id=A000000001                             | SWITCHING
            GET  | /switching/IF_10920?id=A000000001                             | /switching/IF_10920?id=A000000001                             | SWITCHING
            GET  | /switching/IF_11110                                           | /switching/IF_11110                                           | SWITCHING
            GET  | /switching/IF_11110?since=42                                  | /switching/IF_11110?since=42                                  | SWITCHING
            GET  | /switching/IF_11110?limit=50&since=7                          | /switching/IF_11110?since=7&limit=50                          | SWITCHING
            GET  | /screen/                                                      | /screen/                                                      | FILES
            GET  | /screen/screen.js                                             | /screen/screen.js                                             | FILES
            GET  | /screen/screen.css                                            | /screen/screen.css                                            | FILES
            """)
    void forwards_each_route_in_canonical_form_to_its_backend(String method, String uri, String forwarded,
                                                              RequestRouter.Backend backend) {
        assertThat(route(method, uri)).isInstanceOfSatisfying(RequestRouter.Forward.class, f -> {
            assertThat(f.uri()).isEqualTo(forwarded);
            assertThat(f.route().backend()).isEqualTo(backend);
            assertThat(f.route().hasBody()).isEqualTo(method.equals("POST"));
        });
    }

    @ParameterizedTest(name = "GET {0} → 400")
    @ValueSource(strings = {
        "/30min/FileReceiver?file=W4111020261122010000001.zip", "/30min/FileReceiver?file=" + FILE + "%00",
        "/30min/FileReceiver?file=W51110202611220100000001.zip", "/30min/FileReceiver?file=%2e%2e%2f" + FILE,
        "/30min/FileReceiver?name=" + FILE, "/30min/FileListReceiver?since=../x",
        "/30min/FileListReceiver?since=" + FILE + "&since=W41110202611220100000002.zip", "/30min/FileListReceiver?",
        "/30min/FileListReceiver?operator=R0042", "/30min/FileReceiver?file=" + FILE + "&operator=R0042",
        "/30min/FileReceiver?file=%zz", "/switching/usage", "/switching/IF_10620?id=../x",
        "/switching/IF_10920", "/switching/IF_10420?id=A1", "/switching/IF_11110?since=-1", "/switching/IF_11110?since=x",
        "/switching/IF_11110?limit=0", "/switching/IF_11110?since=1&since=2", "/switching/IF_11110?operator=R0042",
        "/switching/IF_11110?since=1&limit=10&x=1", "/switching/IF_11110?since=99999999999999999999",
        "/screen/?operator=R0042", "/screen/screen.js?x=1",
    })
    void refuses_bad_queries_with_400(String uri) {
        assertThat(route(HttpMethod.GET, uri)).isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.BAD_REQUEST, Rejection.BAD_REQUEST));
    }

    @ParameterizedTest(name = "GET {0} → 404")
    @ValueSource(strings = {
        "/30min/FileReceiver/", "//30min/FileListReceiver", "/30min//FileListReceiver", "/30min/FileListReceiver;x",
        "/30MIN/FileListReceiver", "/30min/%46ileReceiver?file=" + FILE, "http://evil/30min/FileListReceiver", "*",
        "/screen", "/screen/index.html", "/screen/../30min/FileListReceiver", "/api/dashboard", "/",
    })
    void refuses_unknown_paths_with_404(String uri) {
        assertThat(route(HttpMethod.GET, uri)).isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND));
    }

    @Test
    void refuses_the_wrong_method_with_405_and_an_unknown_path_with_404_whatever_the_method() {
        assertThat(route(HttpMethod.DELETE, "/30min/FileListReceiver"))
                .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, Rejection.METHOD_NOT_ALLOWED));
        assertThat(route(HttpMethod.GET, "/switching/IF_10610"))
                .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, Rejection.METHOD_NOT_ALLOWED));
        assertThat(route(HttpMethod.DELETE, "/nope")).isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND));
        assertThat(route(HttpMethod.POST, "/switching/consents"))
                .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND));
        assertThat(route(HttpMethod.POST, "/switching/IF_10610?x=1"))
                .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.BAD_REQUEST, Rejection.BAD_REQUEST));
    }

    /** Seed 002's 17 low-voltage interfaces: every one reachable through the front, creates POST, the rest GET. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"IF_10110", "IF_10210", "IF_10220", "IF_10310", "IF_10410", "IF_10420", "IF_10510", "IF_10520",
        "IF_10610", "IF_10620", "IF_10710", "IF_10720", "IF_10810", "IF_10820", "IF_10910", "IF_10920", "IF_11110"})
    void every_low_voltage_interface_of_the_seed_is_routed_to_switching(String code) {
        boolean create = code.endsWith("10") && !code.equals("IF_11110");
        String uri = "/switching/" + code + (create || code.equals("IF_11110") ? "" : "?id=A000000001");
        assertThat(route(create ? HttpMethod.POST : HttpMethod.GET, uri)).isInstanceOfSatisfying(RequestRouter.Forward.class,
                f -> assertThat(f.route().backend()).isEqualTo(RequestRouter.Backend.SWITCHING));
        assertThat(route(create ? HttpMethod.GET : HttpMethod.POST, uri))
                .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, Rejection.METHOD_NOT_ALLOWED));
    }

    @Test
    void never_forwards_the_internal_api_from_a_retailer_whatever_the_method_or_spelling() {
        for (String uri : List.of("/internal/reissue", "/internal/reissue?date=2026-11-22", "/internal/switches?after=0",
                "/internal/", "/30min/../internal/reissue", "/%69nternal/reissue", "//internal/reissue")) {
            for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT)) {
                assertThat(route(m, uri)).as(m + " " + uri).isNotInstanceOf(RequestRouter.Forward.class)
                        .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND));
            }
        }
        assertThat(RequestRouter.ROUTES).noneMatch(r -> r.path().startsWith("/internal"));
    }

    @Test
    void auditLineEscapesClientControlledText() {
        assertThat(AuditLog.quote("/a\"b\nstatus=200")).isEqualTo("\"/a\\\"b\\x0astatus=200\"");
    }
}
