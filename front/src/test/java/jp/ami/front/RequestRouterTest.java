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

    @Test
    void forwardsOnlyTheTwoRoutesInCanonicalForm() {
        assertThat(route(HttpMethod.GET, "/30min/FileListReceiver"))
                .isEqualTo(new RequestRouter.Forward("/30min/FileListReceiver"));
        assertThat(route(HttpMethod.GET, "/30min/FileReceiver?file=W41110202611220100000001.zip"))
                .isEqualTo(new RequestRouter.Forward("/30min/FileReceiver?file=W41110202611220100000001.zip"));
        assertThat(route(HttpMethod.GET, "/30min/FileListReceiver?since=W41110202611220100000001.zip"))
                .isEqualTo(new RequestRouter.Forward("/30min/FileListReceiver?since=W41110202611220100000001.zip"));
        assertThat(route(HttpMethod.GET, "/30min/FileReceiver?file=W41110202611220100000001%2Ezip"))
                .isEqualTo(new RequestRouter.Forward("/30min/FileReceiver?file=W41110202611220100000001.zip"));
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
