package tokyo.seisei.operator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A GET of a lab app's path, each on a new connection with short timeouts (200 ms to connect, 300 ms to read), as
 * the benches ask a port many times a second: the body of a 200 answer, else empty.
 */
final class ShortGet {

    private ShortGet() {
    }

    static Optional<String> body(int port, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
                    .toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(300);
            connection.setRequestProperty("Connection", "close");
            try (InputStream in = connection.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                return connection.getResponseCode() == 200 ? Optional.of(body) : Optional.empty();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
