package jp.ami.switching;

/**
 * The rule of one kind of create request: checks it (throwing {@link jp.ami.model.InvalidValueException} for 400,
 * {@link SwitchingException} for 403/404/409) and decides the new application's status, date and details. A rule
 * only reads the state; {@link Intake} builds the application and the journal event from the decision.
 */
interface CreateRule<R extends Request> extends Request.Rule<R, Filing, Decision> {
    @Override
    Decision decide(R request, Filing filing);
}
