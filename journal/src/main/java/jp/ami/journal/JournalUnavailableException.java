package jp.ami.journal;

/**
 * The log cannot take a batch now (broker unreachable, too few in-sync replicas, a timeout). The message is one line
 * for the operator; the head-end answers the batch "retry" and the meters resend.
 */
public final class JournalUnavailableException extends RuntimeException {
    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
