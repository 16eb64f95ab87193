package jp.ami.retailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failsafe.Failsafe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import jp.ami.service.testing.RecordingScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The 429 policy, on a scheduler that records each wait instead of waiting. */
class RateLimitRetryTest {
    final RecordingScheduler noWaiting = new RecordingScheduler(TimeUnit.SECONDS);
    final List<Long> waitsSeconds = noWaiting.waits();

    @AfterEach
    void stop() {
        noWaiting.close();
    }

    /** An answer with a status and, unless null, a Retry-After header. */
    record Answer(int statusCode, String retryAfter) implements HttpResponse<Void> {
        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(retryAfter == null ? Map.of() : Map.of("Retry-After", List.of(retryAfter)), (k, v) -> true);
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(URI.create("https://front.invalid/")).build();
        }

        @Override
        public Optional<HttpResponse<Void>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Void body() {
            return null;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request().uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    /** Sends through the policy; each attempt takes the next answer (the last one repeats). */
    HttpResponse<?> send(Answer... answers) throws Exception {
        Deque<Answer> left = new ArrayDeque<>(List.of(answers));
        return Failsafe.with(RateLimitRetry.POLICY).with(noWaiting)
                .getAsync(() -> left.size() > 1 ? left.poll() : left.peek()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void a_429_is_tried_again_after_its_retry_after_seconds_1_when_unreadable_at_most_30() throws Exception {
        HttpResponse<?> r = send(new Answer(429, "2"), new Answer(429, null), new Answer(429, "soon"), new Answer(429, "120"),
                new Answer(429, " 0 "), new Answer(200, null));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(waitsSeconds).containsExactly(0L, 2L, 1L, 1L, 30L, 0L); // the first is the first attempt's
    }

    @Test
    void after_10_retries_the_last_429_stands() throws Exception {
        assertThat(send(new Answer(429, "1")).statusCode()).isEqualTo(429);
        assertThat(waitsSeconds).hasSize(1 + RetailerClient.MAX_RATE_LIMITED_RETRIES).containsOnly(0L, 1L);
        assertThat(RetailerClient.MAX_RATE_LIMITED_RETRIES).isEqualTo(10);
    }

    @Test
    void other_answers_and_failures_are_not_retried() throws Exception {
        assertThat(send(new Answer(503, "1"), new Answer(200, null)).statusCode()).isEqualTo(503);
        assertThat(waitsSeconds).containsExactly(0L);
        assertThatThrownBy(() -> Failsafe.with(RateLimitRetry.POLICY).with(noWaiting)
                .getAsync(() -> {
                    throw new IOException("connection reset");
                }).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
        assertThat(waitsSeconds).containsExactly(0L, 0L);
    }
}
