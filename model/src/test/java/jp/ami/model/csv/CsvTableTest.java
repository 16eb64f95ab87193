package jp.ami.model.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import jp.ami.model.InvalidValueException;
import jp.ami.model.SupplyPointId;
import org.junit.jupiter.api.Test;

class CsvTableTest {
    static List<CsvTable.Row> read(String text, String... required) throws Exception {
        return CsvTable.read(new StringReader(text), "test file", List.of(required));
    }

    @Test
    void reads_quoted_fields_by_header_name_with_line_numbers() throws Exception {
        List<CsvTable.Row> rows = read("\uFEFFid,name,note\n1,\"Tokyo, Chiyoda\",\"say \"\"hi\"\"\"\n\n3,Osaka,\n", "name", "id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("name")).isEqualTo("Tokyo, Chiyoda");
        assertThat(rows.get(0).get("note")).isEqualTo("say \"hi\"");
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(1).get("id")).isEqualTo("3");
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(rows.get(1).get("note")).isEmpty();
    }

    @Test
    void errors_name_the_file_the_line_and_the_column() {
        assertThatThrownBy(() -> read("id,name\n1,a\n2,b,c\n", "id"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("test file line 3");
        assertThatThrownBy(() -> read("identifier,name\n1,a\n", "id", "name"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("test file line 1 header")
                .hasMessageContaining("id,name");
        assertThatThrownBy(() -> read("", "id")).isInstanceOf(InvalidValueException.class).hasMessageContaining("header");
        assertThatThrownBy(() -> read("id,name\n1,\"open\n", "id"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("not well-formed CSV");
        assertThatThrownBy(() -> read("point\n0310\n", "point").get(0).parse("point", SupplyPointId::of))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("test file line 2 point: \"0310\"");
    }

    @Test
    void writes_what_it_reads() throws Exception {
        StringWriter out = new StringWriter();
        CsvTable.write(out, List.of("a", "b"), List.of(List.of("x,y", "plain"), List.of("q\"uote", "")));
        List<CsvTable.Row> back = read(out.toString(), "a", "b");
        assertThat(back).extracting(r -> r.get("a")).containsExactly("x,y", "q\"uote");
        assertThat(out.toString()).startsWith("a,b\n\"x,y\",plain\n");
    }

    @Test
    void writes_fields_plain_unless_they_need_quotes_and_reads_back_what_it_wrote() throws Exception {
        StringWriter out = new StringWriter();
        try (CsvTable.RowWriter w = CsvTable.writer(out)) {
            w.row(List.of("id", "at", "kwh"));
            w.row(List.of("0310111001234567890000", "2026-11-22T01:10+09:00", "-0.1520"));
            w.row(List.of("#2", "", "1.0000"));
            w.row(List.of(" padded", "tab\t", "a\nb"));
            w.row(List.of("3", "x", ""));
        }
        out.write("# the target stays open\n");
        assertThat(out.toString()).isEqualTo("""
                id,at,kwh
                0310111001234567890000,2026-11-22T01:10+09:00,-0.1520
                #2,,1.0000
                " padded","tab\t","a
                b"
                3,x,
                # the target stays open
                """);
        List<CsvTable.Row> back = read(out.toString().substring(0, out.toString().indexOf("# the")), "id", "at", "kwh");
        assertThat(back).extracting(r -> r.get("id")).containsExactly("0310111001234567890000", "#2", " padded", "3");
        assertThat(back.get(2).get("at")).isEqualTo("tab\t");
        assertThat(back.get(2).get("kwh")).isEqualTo("a\nb");
    }
}
