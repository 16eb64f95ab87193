package jp.ami.mdms.slots;

/** An operator correction the engine cannot apply; the message says why and what to do (one line, for the operator). */
public final class CorrectionRefused extends RuntimeException {
    public CorrectionRefused(String message) {
        super(message, null, false, false);
    }
}
