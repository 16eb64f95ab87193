package jp.ami.retailer;

import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The client's retry policy, as a well-behaved client of the front's rate limit: a request answered 429 is sent
 * again after the answer's {@code Retry-After} seconds (1 when absent or not a number, at most 30), up to
 * {@value RetailerClient#MAX_RATE_LIMITED_RETRIES} times; then the last 429 stands. Nothing else is retried: another
 * status is the answer, and a transport failure is the caller's.
 */
public final class RateLimitRetry {
    /** Longest wait the client accepts from a {@code Retry-After}. */
    static final long MAX_WAIT_SECONDS = 30;

    /** Thread-safe; use it with {@code Failsafe.with(POLICY)}. */
    public static final RetryPolicy<HttpResponse<?>> POLICY = RetryPolicy.<HttpResponse<?>>builder()
            .handleIf((response, error) -> error == null && response.statusCode() == 429)
            .withMaxRetries(RetailerClient.MAX_RATE_LIMITED_RETRIES)
            .withDelayFn(attempt -> Duration.ofSeconds(retryAfterSeconds(attempt.getLastResult())))
            .build();

    private RateLimitRetry() {
    }

    /** {@code http.send(request, body)} under {@link #POLICY}: a 429 is sent again after its {@code Retry-After}. */
    public static <T> HttpResponse<T> send(java.net.http.HttpClient http, java.net.http.HttpRequest request,
                                           HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        try {
            @SuppressWarnings("unchecked")
            HttpResponse<T> r = (HttpResponse<T>) dev.failsafe.Failsafe.with(POLICY).get(() -> http.send(request, body));
            return r;
        } catch (dev.failsafe.FailsafeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof InterruptedException ie) {
                throw ie;
            }
            throw e;
        }
    }

    /** The answer's {@code Retry-After} in whole seconds: 1 when absent or not a number, 0–30. */
    static long retryAfterSeconds(HttpResponse<?> response) {
        try {
            return Math.max(0, Math.min(MAX_WAIT_SECONDS,
                    Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").strip())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
