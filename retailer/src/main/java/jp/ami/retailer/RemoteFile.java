package jp.ami.retailer;

/**
 * A file offered by the pull API.
 *
 * @param name file name, e.g. {@code W41110202611220100000001.zip}
 * @param size size in bytes as announced by the list, or -1 when not announced
 */
public record RemoteFile(String name, long size) {
}
