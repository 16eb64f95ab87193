package jp.ami.switching;

/** Status of an application, as in the switching-support system: 1 processing, 2 OK, 3 NG, 4 changed, 5 cancelled. */
public enum Status implements jp.ami.model.Coded {
    /** 1 — accepted, waiting for an answer, a match or field work. */
    PROCESSING(1),
    /** 2 — accepted and decided positively (switch start/stop: matched and locked). */
    OK(2),
    /** 3 — rejected; {@link Application#reason()} says why. */
    NG(3),
    /** 4 — superseded: its date was changed; {@link Application#reason()} names the replacing application. */
    CHANGED(4),
    /** 5 — cancelled by the applicant before a decision. */
    CANCELLED(5);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The numeric status code 1–5 used on the wire. */
    @Override
    public int code() {
        return code;
    }

    private static final jp.ami.model.CodeTable<Status> CODES = jp.ami.model.CodeTable.of(Status.class);

    public static Status ofCode(int code) {
        return CODES.require(code, "status", "must be 1–5");
    }

    /** Processing or OK: the application still holds its place (conflict detection, matching). */
    public boolean isActive() {
        return this == PROCESSING || this == OK;
    }
}
