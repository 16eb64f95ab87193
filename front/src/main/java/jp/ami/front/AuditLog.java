package jp.ami.front;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request on the SLF4J logger {@value #LOGGER_NAME}, as {@code key=value} pairs:
 * <pre>
 * time=2026-11-22T01:05:00.123Z operator=R0013 serial=5e1f… remote=10.0.0.7 method=GET
 *   path="/30min/FileReceiver?file=W4…zip" status=200 bytes=52311 durationMs=12
 * </pre>
 * {@code operator} and {@code serial} are {@code -} when unknown; {@code status} is {@code 0} when the
 * client went away before a response started. Lines are stamped with the front's clock ({@link #now()}).
 */
public final class AuditLog {
    /** Logger name of the audit trail. */
    public static final String LOGGER_NAME = "jp.ami.front.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private final Clock clock;
    private final TrafficCounters traffic;

    /** An audit log stamped with the system clock (UTC). */
    public AuditLog() {
        this(Clock.systemUTC());
    }

    /** An audit log stamped with {@code clock}. */
    public AuditLog(Clock clock) {
        this(clock, new TrafficCounters());
    }

    /** An audit log stamped with {@code clock} that also counts every request it logs into {@code traffic}. */
    public AuditLog(Clock clock, TrafficCounters traffic) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
    }

    /** The time to stamp an audit line with now (a request's {@link Entry#time()} is when it arrived). */
    public Instant now() {
        return clock.instant();
    }

    /**
     * One audited request.
     *
     * @param time when the request arrived
     * @param operator operator code from the certificate, or null
     * @param serialHex certificate serial, or null
     * @param remote client address, or null
     * @param method request method
     * @param path request URI as received (quoted and escaped in the log line)
     * @param status response status, 0 if none was sent
     * @param bytes response body bytes sent to the client
     * @param durationMs milliseconds from request to end of response
     */
    public record Entry(Instant time, String operator, String serialHex, String remote, String method,
                        String path, int status, long bytes, long durationMs) {

        /** The log line. */
        public String format() {
            return "time=" + time + " operator=" + dash(operator) + " serial=" + dash(serialHex)
                    + " remote=" + dash(remote) + " method=" + quote(method) + " path=" + quote(path)
                    + " status=" + status + " bytes=" + bytes + " durationMs=" + durationMs;
        }
    }

    /** Writes one entry at INFO and counts it (status, bytes) in the {@link TrafficCounters}. */
    public void log(Entry entry) {
        traffic.request(entry.status(), entry.bytes());
        if (LOG.isInfoEnabled()) {
            LOG.info(entry.format());
        }
    }

    /**
     * Logs a connection refused before any request: connection limit, failed handshake (no certificate,
     * other CA, expired, not yet valid, revoked, suspended, no operator code), or access policy.
     * Line: {@code time=… event=connection-rejected remote=… operator=… serial=… reason=NO_CERTIFICATE}.
     */
    public void connectionRejected(java.net.SocketAddress remote, ClientIdentity identity, Rejection reason) {
        event("connection-rejected", remote, identity, reason);
    }

    /**
     * Logs an open connection closed by policy (operator suspended or certificate revoked while connected).
     * Line: {@code time=… event=connection-closed remote=… operator=… serial=… reason=OPERATOR_SUSPENDED}.
     */
    public void connectionClosed(java.net.SocketAddress remote, ClientIdentity identity, Rejection reason) {
        event("connection-closed", remote, identity, reason);
    }

    private void event(String event, java.net.SocketAddress remote, ClientIdentity identity, Rejection reason) {
        if (LOG.isInfoEnabled()) {
            String address = remote instanceof java.net.InetSocketAddress isa && isa.getAddress() != null
                    ? isa.getAddress().getHostAddress() : null;
            LOG.info("time=" + now() + " event=" + event + " remote=" + dash(address)
                    + " operator=" + dash(identity == null ? null : identity.operatorCode())
                    + " serial=" + dash(identity == null ? null : identity.serialHex()) + " reason=" + reason);
        }
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    /** Quotes and escapes a client-controlled value so it cannot forge fields or lines. */
    static String quote(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 512) + 2).append('"');
        for (int i = 0; i < s.length() && i < 512; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > 512) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
