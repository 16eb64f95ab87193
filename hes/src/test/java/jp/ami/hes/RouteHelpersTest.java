package jp.ami.hes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jp.ami.model.CommPath;
import jp.ami.protocol.recollect.RecollectRequest;
import org.junit.jupiter.api.Test;

/** {@link Routes}, {@link Sessions} and {@link RouteSenders}: the route layout, learned sessions, the unrouted fan-out. */
class RouteHelpersTest {
    @Test
    void a_route_keeps_path_and_unsigned_source_and_names_them() {
        long route = Routes.of(CommPath.PLC.code(), 0xFFFF_FFFEL);
        assertThat(route).isEqualTo(2L << 32 | 0xFFFF_FFFEL);
        assertThat(Routes.path(route)).isEqualTo(CommPath.PLC);
        assertThat(Routes.sourceId(route)).isEqualTo(0xFFFF_FFFEL);
        assertThat(Routes.pathKey(route)).isEqualTo("plc");
        assertThat(Routes.sourceKey(route)).isEqualTo("plc-4294967294");
        assertThat(Routes.pathKey(Routes.UNROUTED)).isEqualTo("unknown");
        assertThat(Routes.sourceKey(Routes.UNROUTED)).isEqualTo("unrouted");
    }

    @Test
    void sessions_follow_the_latest_batch_and_list_only_open_ones() {
        List<String> closed = new ArrayList<>();
        Sessions<String> s = new Sessions<>(session -> !closed.contains(session));
        s.learn(1, 7, "a");
        s.learn(2, 7, "b");
        s.learn(2, 7, "c"); // the source reconnected
        s.learn(0, 9, "x"); // not a path
        s.learn(4, 9, "x");
        assertThat(s.of(request(CommPath.PLC, 7, 1))).isEqualTo("c");
        assertThat(s.of(request(CommPath.WISUN, 7, 1))).isEqualTo("a");
        assertThat(s.of(request(CommPath.RELAY, 7, 1))).isNull();
        assertThat(s.sources()).containsExactlyInAnyOrder(Routes.of(1, 7), Routes.of(2, 7));
        closed.add("a");
        assertThat(s.sources()).containsExactly(Routes.of(2, 7));
        s.forget("c");
        assertThat(s.of(request(CommPath.PLC, 7, 1))).isNull();
    }

    @Test
    void a_routed_request_goes_to_its_source_an_unrouted_one_to_every_source() {
        RecordingSender plc = new RecordingSender(Routes.of(2, 10), Routes.of(2, 11));
        RecordingSender wisun = new RecordingSender(Routes.of(1, 20));
        Map<CommPath, RecollectSender> senders = new EnumMap<>(CommPath.class);
        senders.put(CommPath.PLC, plc);
        senders.put(CommPath.RELAY, plc); // one TCP server serves two paths: its sources are asked once
        senders.put(CommPath.WISUN, wisun);
        RouteSenders routes = new RouteSenders(senders);
        RouteSenders.Send send = (sender, path, source) ->
                sender.send(request(path, source, routes.nextRequestId())) ? 10 : 0;

        assertThat(routes.send(Routes.of(2, 11), send)).isEqualTo(10);
        assertThat(plc.sent).extracting(RecollectRequest::sourceId).containsExactly(11L);
        assertThat(routes.send(Routes.UNROUTED, send)).isEqualTo(30);
        assertThat(plc.sent).extracting(RecollectRequest::sourceId).containsExactly(11L, 10L, 11L);
        assertThat(wisun.sent).extracting(RecollectRequest::sourceId).containsExactly(20L);
        assertThat(routes.nextRequestId()).isEqualTo(5);

        RouteSenders none = new RouteSenders(Map.of(CommPath.WISUN, wisun));
        assertThat(none.send(Routes.of(2, 11), send)).isZero();
    }

    private static RecollectRequest request(CommPath path, long source, long id) {
        return new RecollectRequest(path, source, id, new long[] {1}, new long[] {1_800});
    }
}
