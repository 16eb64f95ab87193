package jp.ami.switching;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import jp.ami.model.InvalidValueException;
import jp.ami.model.OperatorCode;

/**
 * Configuration of the switching service. Every key, its default and meaning:
 * <table>
 * <caption>switching configuration</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>journalDir</td><td>{@code <var>/switching-journal}</td><td>Chronicle Queue directory of the service's events</td></tr>
 * <tr><td>host</td><td>{@code 127.0.0.1}</td><td>internal HTTP bind address (keep it loopback: only the front calls it)</td></tr>
 * <tr><td>port</td><td>{@code 8084}</td><td>internal HTTP port (0 = any free port)</td></tr>
 * <tr><td>maxBodyBytes</td><td>{@code 16384}</td><td>largest request body; larger → 413</td></tr>
 * <tr><td>matchingInterval</td><td>{@code PT20M}</td><td>the matching batch runs when the clock crosses a multiple of this
 *     (00:00, 00:20, 00:40 … for 20 minutes)</td></tr>
 * <tr><td>deadlineBefore</td><td>{@code PT12H}</td><td>matching deadline = switch date 00:00 JST minus this; filing a
 *     switch after it is refused, and what is unmatched at the first batch after it becomes NG</td></tr>
 * <tr><td>pollInterval</td><td>{@code PT0.2S}</td><td>real time between clock checks of the batch scheduler thread; zero
 *     = no thread (the owner calls {@link SwitchingServer#tick()})</td></tr>
 * <tr><td>tsoOperators</td><td>{@code 03T01}</td><td>operators allowed to register customers' consent passwords</td></tr>
 * <tr><td>consentMaxValidity</td><td>{@code P1M} (one calendar month)</td><td>longest validity of a consent password (fixed)</td></tr>
 * </table>
 */
public record SwitchingConfig(Path journalDir, String host, int port, int maxBodyBytes, Duration matchingInterval,
        Duration deadlineBefore, Duration pollInterval, Set<OperatorCode> tsoOperators) {

    public static final int DEFAULT_PORT = 8084;

    public SwitchingConfig {
        if (port < 0 || port > 65535) {
            throw new InvalidValueException("port", port, "must be 0–65535");
        }
        if (maxBodyBytes < 256) {
            throw new InvalidValueException("maxBodyBytes", maxBodyBytes, "must be at least 256");
        }
        if (matchingInterval.isNegative() || matchingInterval.getSeconds() < 1) {
            throw new InvalidValueException("matchingInterval", matchingInterval, "must be at least one second");
        }
        if (deadlineBefore.isNegative()) {
            throw new InvalidValueException("deadlineBefore", deadlineBefore, "must not be negative");
        }
        if (pollInterval.isNegative()) {
            throw new InvalidValueException("pollInterval", pollInterval, "must not be negative");
        }
        tsoOperators = Set.copyOf(tsoOperators);
    }

    /** The defaults above, with the journal under {@code var}. */
    public static SwitchingConfig defaults(Path var) {
        return builder(var).build();
    }

    /** A builder holding the defaults above, with the journal under {@code var}. */
    public static Builder builder(Path var) {
        return new Builder(var.resolve("switching-journal"));
    }

    public SwitchingConfig withJournalDir(Path dir) {
        return toBuilder().journalDir(dir).build();
    }

    public SwitchingConfig withPort(int p) {
        return toBuilder().port(p).build();
    }

    public SwitchingConfig withMaxBodyBytes(int max) {
        return toBuilder().maxBodyBytes(max).build();
    }

    public SwitchingConfig withMatchingInterval(Duration d) {
        return toBuilder().matchingInterval(d).build();
    }

    public SwitchingConfig withDeadlineBefore(Duration d) {
        return toBuilder().deadlineBefore(d).build();
    }

    public SwitchingConfig withPollInterval(Duration d) {
        return toBuilder().pollInterval(d).build();
    }

    public SwitchingConfig withTsoOperators(Set<OperatorCode> tso) {
        return toBuilder().tsoOperators(tso).build();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        return new Builder(journalDir).host(host).port(port).maxBodyBytes(maxBodyBytes).matchingInterval(matchingInterval)
                .deadlineBefore(deadlineBefore).pollInterval(pollInterval).tsoOperators(tsoOperators);
    }

    /** Builds a {@link SwitchingConfig}; every setting starts at its default, {@link #build} validates. */
    public static final class Builder {
        private Path journalDir;
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private int maxBodyBytes = 16 * 1024;
        private Duration matchingInterval = Duration.ofMinutes(20);
        private Duration deadlineBefore = Duration.ofHours(12);
        private Duration pollInterval = Duration.ofMillis(200);
        private Set<OperatorCode> tsoOperators = Set.of(OperatorCode.of("03T01"));

        private Builder(Path journalDir) {
            this.journalDir = journalDir;
        }

        public Builder journalDir(Path dir) {
            journalDir = dir;
            return this;
        }

        public Builder host(String h) {
            host = h;
            return this;
        }

        public Builder port(int p) {
            port = p;
            return this;
        }

        public Builder maxBodyBytes(int max) {
            maxBodyBytes = max;
            return this;
        }

        public Builder matchingInterval(Duration d) {
            matchingInterval = d;
            return this;
        }

        public Builder deadlineBefore(Duration d) {
            deadlineBefore = d;
            return this;
        }

        public Builder pollInterval(Duration d) {
            pollInterval = d;
            return this;
        }

        public Builder tsoOperators(Set<OperatorCode> tso) {
            tsoOperators = tso;
            return this;
        }

        /** @throws InvalidValueException naming the first setting out of range */
        public SwitchingConfig build() {
            return new SwitchingConfig(journalDir, host, port, maxBodyBytes, matchingInterval, deadlineBefore, pollInterval,
                    tsoOperators);
        }
    }
}
