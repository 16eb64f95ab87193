package jp.ami.retailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FileListParserTest {
    @Test
    void parsesLegacyCommentPairs() throws IOException {
        String html = """
                <html><head><title>FileList</title>
                <COMMENT>rfilename1:"W41110202611220100000001.zip",rfilesize1:"1234",
                rfilename2:"W41110202611220130000001.zip", rfilesize2:"56"</COMMENT>
                </head><body></body></html>
                """;
        assertThat(FileListParser.parseLegacy(html)).containsExactly(
                new RemoteFile("W41110202611220100000001.zip", 1234),
                new RemoteFile("W41110202611220130000001.zip", 56));
    }

    @Test
    void ordersByIndexAndToleratesMissingSizeAndEmptyList() throws IOException {
        String html = "<comment>rfilename10:\"B\",rfilename2:\"A\",rfilesize2:\"7\"</comment>";
        assertThat(FileListParser.parseLegacy(html)).containsExactly(new RemoteFile("A", 7), new RemoteFile("B", -1));
        assertThat(FileListParser.parseLegacy("<html><comment></comment></html>")).isEmpty();
        assertThat(FileListParser.parseLegacy("<html></html>")).isEmpty();
        assertThatThrownBy(() -> FileListParser.parseLegacy("<comment>rfilename1:\"A\",rfilesize1:\"x\"</comment>"))
                .hasMessageContaining("rfilesize1");
    }

    @Test
    void parsesJson() throws IOException {
        assertThat(FileListParser.parseJson(
                "{\"operator\":\"R0013\",\"files\":[{\"name\":\"W41110202611220100000001.zip\",\"size\":123}]}"))
                .containsExactly(new RemoteFile("W41110202611220100000001.zip", 123));
        assertThatThrownBy(() -> FileListParser.parseJson("{\"operator\":\"R0013\"}")).isInstanceOf(IOException.class);
    }
}
