package jp.ami.journal.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.ami.model.InvalidValueException;

/**
 * Where a Kafka journal is: {@code kafka://host:port[,host:port…]/topic[?partition=N&deliveryTimeoutMs=T]}.
 *
 * @param bootstrap         the {@code bootstrap.servers} list
 * @param topic             the readings topic
 * @param partition         the partition a reader consumes (an MDMS shard: one partition = one ordered log); default 0
 * @param deliveryTimeoutMs how long an append may wait for the brokers before the batch is answered "retry" (the
 *                          producer's {@code delivery.timeout.ms}); default 15000
 */
public record KafkaLocation(String bootstrap, String topic, int partition, int deliveryTimeoutMs) {
    public static final String SCHEME = "kafka";
    public static final int DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;

    public KafkaLocation {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new InvalidValueException("journal", bootstrap, "needs host:port[,host:port] after kafka://");
        }
        for (String hp : bootstrap.split(",")) {
            int c = hp.lastIndexOf(':');
            if (c <= 0 || c == hp.length() - 1 || !hp.substring(c + 1).chars().allMatch(Character::isDigit)) {
                throw new InvalidValueException("journal", hp, "is not host:port");
            }
        }
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new InvalidValueException("journal", topic, "is not a Kafka topic name (letters, digits, . _ -)");
        }
        if (partition < 0) {
            throw new InvalidValueException("journal", partition, "partition must not be negative");
        }
        if (deliveryTimeoutMs < 1000) {
            throw new InvalidValueException("journal", deliveryTimeoutMs, "deliveryTimeoutMs must be at least 1000");
        }
    }

    /** Parses {@code kafka://…}; a malformed URI raises an {@link InvalidValueException} naming the part. */
    public static KafkaLocation parse(String uri) {
        String prefix = SCHEME + "://";
        if (uri == null || !uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new InvalidValueException("journal", uri, "must start with kafka://");
        }
        String rest = uri.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new InvalidValueException("journal", uri, "needs a topic: kafka://host:port/topic");
        }
        String bootstrap = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        Map<String, String> query = new LinkedHashMap<>();
        int q = path.indexOf('?');
        if (q >= 0) {
            for (String kv : path.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidValueException("journal", kv, "is not key=value");
                }
                query.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            path = path.substring(0, q);
        }
        int partition = number(query.remove("partition"), 0);
        int timeout = number(query.remove("deliveryTimeoutMs"), DEFAULT_DELIVERY_TIMEOUT_MS);
        if (!query.isEmpty()) {
            throw new InvalidValueException("journal", query.keySet().iterator().next(),
                    "is not a kafka journal parameter (partition, deliveryTimeoutMs)");
        }
        return new KafkaLocation(bootstrap, path, partition, timeout);
    }

    private static int number(String text, int otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("journal", text, "is not a number");
        }
    }

    /** The URI form, as parsed. */
    public String uri() {
        return SCHEME + "://" + bootstrap + "/" + topic + "?partition=" + partition
                + (deliveryTimeoutMs == DEFAULT_DELIVERY_TIMEOUT_MS ? "" : "&deliveryTimeoutMs=" + deliveryTimeoutMs);
    }
}
