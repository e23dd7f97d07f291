package tokyo.seisei.operator.engine.smoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A GET answered with the expected status and, if asked, a body containing a text. Redirects are not
 * followed: the status is the one the URL answers. Only the first 64 KiB of the body are searched.
 */
final class HttpCheck implements SmokeCheck {

    private static final int BODY_LIMIT = 64 * 1024;

    private final HttpClient client;
    private final String url;
    private final int expectStatus;
    private final String expectBody;

    HttpCheck(HttpClient client, String url, int expectStatus, String expectBody) {
        this.client = client;
        this.url = url;
        this.expectStatus = expectStatus;
        this.expectBody = expectBody;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String label() {
        return "http " + url;
    }

    @Override
    public CheckResult attempt(Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        BoundedBody body = new BoundedBody();
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArrayConsumer(body));
        HttpResponse<Void> response;
        try {
            response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return CheckResult.fail(label() + ": no answer within " + SmokeCheck.seconds(timeout));
        } catch (ExecutionException e) {
            return CheckResult.fail(label() + ": " + describe(e.getCause(), timeout));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return CheckResult.fail(label() + ": interrupted");
        }
        int status = response.statusCode();
        if (status != expectStatus) {
            return CheckResult.fail(label() + " answered " + status + ", expected " + expectStatus);
        }
        if (expectBody != null && !body.text().contains(expectBody)) {
            return CheckResult.fail(label() + " answered " + status + " without '" + expectBody + "' in its body");
        }
        return CheckResult.pass(label() + " answered " + status);
    }

    private static String describe(Throwable cause, Duration timeout) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within " + SmokeCheck.seconds(timeout);
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + SmokeCheck.seconds(timeout);
        }
        if (cause instanceof ConnectException) {
            return cause.getMessage() == null ? "connection refused" : "cannot connect: " + cause.getMessage();
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Keeps the first bytes of the body; the rest is read and dropped. */
    private static final class BoundedBody implements Consumer<Optional<byte[]>> {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(bytes -> kept.write(bytes, 0, Math.min(bytes.length, BODY_LIMIT - kept.size())));
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
