package jp.ami.mdms.outbox;

import java.nio.file.Path;

/** A published file in a retailer's outbox. */
public record OutboxFile(String name, long size, Path path) {
}
