package jp.ami.retailer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses file lists of the pull API.
 *
 * <p>Legacy form: an HTML document whose {@code <comment>} element holds
 * {@code rfilename1:"W4….zip",rfilesize1:"1234",rfilename2:"…",rfilesize2:"…"} pairs (whitespace and line
 * breaks between pairs are tolerated, as is a missing size). JSON form:
 * {@code {"operator":"R0013","files":[{"name":"W4….zip","size":123}]}}.
 */
public final class FileListParser {
    private static final Pattern COMMENT = Pattern.compile("<comment>(.*?)</comment>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PAIR = Pattern.compile("rfile(name|size)(\\d+)\\s*:\\s*\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FileListParser() {
    }

    /** Files of a legacy HTML list, in index order. A document without {@code <comment>} lists nothing. */
    public static List<RemoteFile> parseLegacy(String html) throws IOException {
        Matcher comment = COMMENT.matcher(html);
        Map<Integer, String> names = new TreeMap<>();
        Map<Integer, Long> sizes = new TreeMap<>();
        while (comment.find()) {
            Matcher m = PAIR.matcher(comment.group(1));
            while (m.find()) {
                int index = Integer.parseInt(m.group(2));
                if (m.group(1).equals("name")) {
                    names.put(index, m.group(3));
                } else {
                    try {
                        sizes.put(index, Long.parseLong(m.group(3).trim()));
                    } catch (NumberFormatException e) {
                        throw new IOException("bad rfilesize" + index + ": \"" + m.group(3) + "\"", e);
                    }
                }
            }
        }
        List<RemoteFile> files = new ArrayList<>();
        names.forEach((i, name) -> files.add(new RemoteFile(name, sizes.getOrDefault(i, -1L))));
        return files;
    }

    /** Files of a JSON list. */
    public static List<RemoteFile> parseJson(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode files = root == null ? null : root.get("files");
        if (files == null || !files.isArray()) {
            throw new IOException("file list JSON has no \"files\" array");
        }
        List<RemoteFile> result = new ArrayList<>();
        for (JsonNode f : files) {
            JsonNode name = f.get("name");
            if (name == null || !name.isTextual()) {
                throw new IOException("file list entry without a name: " + f);
            }
            JsonNode size = f.get("size");
            result.add(new RemoteFile(name.asText(), size == null || !size.canConvertToLong() ? -1 : size.asLong()));
        }
        return result;
    }
}
