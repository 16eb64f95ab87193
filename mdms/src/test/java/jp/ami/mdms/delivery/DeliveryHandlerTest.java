package jp.ami.mdms.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jp.ami.mdms.outbox.OutboxFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The delivery handler's pieces without a server: byte ranges and the JSON file list. */
class DeliveryHandlerTest {
    @ParameterizedTest(name = "{0} (If-Range {1}) of 10 bytes -> {2}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            -            | -      | 0-9 whole
            bytes=3-6    | -      | 3-6 partial
            bytes=3-     | -      | 3-9 partial
            bytes=3-60   | -      | 3-9 partial
            bytes=-4     | -      | 6-9 partial
            bytes=-40    | -      | 0-9 partial
            bytes=-0     | -      | 416
            bytes=10-    | -      | 416
            bytes=6-3    | -      | 416
            bytes=-      | -      | 0-9 whole
            bytes=1-2,4-5| -      | 0-9 whole
            items=1-2    | -      | 0-9 whole
            bytes=3-6    | "tag"  | 3-6 partial
            bytes=3-6    | "old"  | 0-9 whole
            """)
    void answers_a_single_byte_range_the_whole_file_or_416(String range, String ifRange, String expected) {
        ByteRange r = ByteRange.of(range, ifRange, "\"tag\"", 10);
        String actual = r == null ? "416" : r.from() + "-" + r.to() + (r.partial() ? " partial" : " whole");
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void the_json_file_list_keeps_its_field_names_types_and_order() {
        List<OutboxFile> files = List.of(new OutboxFile("W41110202611220100000001.zip", 29, Path.of("x")));
        assertThat(DeliveryHandler.json("R0013", files))
                .isEqualTo("{\"operator\":\"R0013\",\"files\":[{\"name\":\"W41110202611220100000001.zip\",\"size\":29}]}");
        assertThat(DeliveryHandler.json("R0013", List.of())).isEqualTo("{\"operator\":\"R0013\",\"files\":[]}");
    }
}
