package jp.ami.mdms;

import java.util.concurrent.CompletableFuture;
import jp.ami.mdms.correction.Correction;
import jp.ami.mdms.correction.CorrectionRequest;

/** A valid correction request waiting for the engine thread, and its caller's answer. */
record PendingCorrection(CorrectionRequest.Valid request, CompletableFuture<Correction> answer) {
}
