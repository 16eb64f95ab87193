package jp.ami.front;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class RequestRouterTest {
    private static RequestRouter.Decision route(HttpMethod m, String uri) {
        return RequestRouter.route(new DefaultHttpRequest(HttpVersion.HTTP_1_1, m, uri));
    }

    private static HttpResponseStatus status(String uri) {
        RequestRouter.Decision d = route(HttpMethod.GET, uri);
        return d instanceof RequestRouter.Refuse r ? r.status() : HttpResponseStatus.OK;
    }

    private static String forwardedUri(HttpMethod method, String uri) {
        RequestRouter.Decision d = route(method, uri);
        assertThat(d).isInstanceOf(RequestRouter.Forward.class);
        return ((RequestRouter.Forward) d).uri();
    }

    private static RequestRouter.Backend backend(HttpMethod method, String uri) {
        return ((RequestRouter.Forward) route(method, uri)).route().backend();
    }

    @Test
    void forwards_switching_calls_to_the_switching_service_with_validated_parameters() {
        assertThat(backend(HttpMethod.POST, "/switching/IF_10610")).isEqualTo(RequestRouter.Backend.SWITCHING);
        assertThat(((RequestRouter.Forward) route(HttpMethod.POST, "/switching/IS_20110")).route().hasBody()).isTrue();
        assertThat(forwardedUri(HttpMethod.GET, "/switching/IF_10620?id=A000000001")).isEqualTo("/switching/IF_10620?id=A000000001");
        assertThat(forwardedUri(HttpMethod.GET, "/switching/IS_20310?status=1")).isEqualTo("/switching/IS_20310?status=1");
        assertThat(forwardedUri(HttpMethod.GET, "/switching/applications")).isEqualTo("/switching/applications");
        assertThat(forwardedUri(HttpMethod.GET, "/switching/usage?id=A000000004")).isEqualTo("/switching/usage?id=A000000004");
        assertThat(route(HttpMethod.GET, "/switching/usage")).isInstanceOf(RequestRouter.Refuse.class);
        assertThat(backend(HttpMethod.GET, "/30min/FileListReceiver")).isEqualTo(RequestRouter.Backend.FILES);
        assertThat(route(HttpMethod.GET, "/switching/IF_10620?id=../x")).isInstanceOf(RequestRouter.Refuse.class);
        assertThat(route(HttpMethod.GET, "/switching/IF_10610")).isInstanceOf(RequestRouter.Refuse.class);
        assertThat(route(HttpMethod.POST, "/switching/IF_10610?x=1")).isInstanceOf(RequestRouter.Refuse.class);
        assertThat(route(HttpMethod.POST, "/switching/consents")).isInstanceOf(RequestRouter.Refuse.class);
    }

    @Test
    void forwardsOnlyTheTwoRoutesInCanonicalForm() {
        assertThat(forwardedUri(HttpMethod.GET, "/30min/FileListReceiver")).isEqualTo("/30min/FileListReceiver");
        assertThat(forwardedUri(HttpMethod.GET, "/30min/FileReceiver?file=W41110202611220100000001.zip")).isEqualTo("/30min/FileReceiver?file=W41110202611220100000001.zip");
        assertThat(forwardedUri(HttpMethod.GET, "/30min/FileListReceiver?since=W41110202611220100000001.zip")).isEqualTo("/30min/FileListReceiver?since=W41110202611220100000001.zip");
        assertThat(forwardedUri(HttpMethod.GET, "/30min/FileReceiver?file=W41110202611220100000001%2Ezip")).isEqualTo("/30min/FileReceiver?file=W41110202611220100000001.zip");
    }

    @Test
    void refusesEverythingElse() {
        assertThat(status("/30min/FileReceiver?file=W4111020261122010000001.zip")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileReceiver?file=W41110202611220100000001.zip%00")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileReceiver?file=W51110202611220100000001.zip")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileReceiver?file=%2e%2e%2fW41110202611220100000001.zip")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileReceiver?name=W41110202611220100000001.zip")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileReceiver/")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(status("/30min/FileListReceiver?since=../x")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileListReceiver?since=W41110202611220100000001.zip&since=W41110202611220100000002.zip"))
                .isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileListReceiver?")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileListReceiver?operator=R0042")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileReceiver?file=W41110202611220100000001.zip&operator=R0042")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("/30min/FileReceiver?file=%zz")).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        assertThat(status("//30min/FileListReceiver")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(status("/30min//FileListReceiver")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(status("/30min/FileListReceiver;x")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(status("/30MIN/FileListReceiver")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(status("/30min/%46ileReceiver?file=W41110202611220100000001.zip")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(status("http://evil/30min/FileListReceiver")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(status("*")).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(route(HttpMethod.DELETE, "/30min/FileListReceiver"))
                .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, Rejection.METHOD_NOT_ALLOWED));
        assertThat(route(HttpMethod.DELETE, "/nope"))
                .isEqualTo(new RequestRouter.Refuse(HttpResponseStatus.NOT_FOUND, Rejection.NOT_FOUND));
    }

    @Test
    void auditLineEscapesClientControlledText() {
        assertThat(AuditLog.quote("/a\"b\nstatus=200")).isEqualTo("\"/a\\\"b\\x0astatus=200\"");
    }
}
