package tokyo.seisei.operator.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts an exec that reads stdin, over a connection hijacked by hand: docker-java's httpclient5 transport never
 * closes the write side of the stream, so a command reading stdin to its end (psql restoring a dump) would wait
 * forever (docker-java#1684, #1552). Here the request is written, the stdin copied, the write side shut, and the
 * multiplexed stdout/stderr frames read until the engine closes the stream, as the docker CLI does.
 */
final class StdinExec {

    private StdinExec() {
    }

    /** @return true when the stream ended; false when the deadline cut it */
    static boolean run(String dockerHost, String apiVersion, String execId, InputStream stdin, ExecCallback sink,
                       Duration deadline) throws IOException {
        try (SocketChannel channel = connect(dockerHost)) {
            AtomicBoolean cut = new AtomicBoolean();
            CompletableFuture.runAsync(() -> {
                cut.set(true);
                closeQuietly(channel);
            }, CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS));
            byte[] body = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.UTF_8);
            String request = "POST /v" + apiVersion + "/exec/" + execId + "/start HTTP/1.1\r\n"
                    + "Host: docker\r\nContent-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            write(channel, request.getBytes(StandardCharsets.US_ASCII));
            write(channel, body);
            InputStream in = Channels.newInputStream(channel);
            String status = readHeaders(in);
            if (!status.contains(" 101 ") && !status.contains(" 200 ")) {
                throw new IOException("the engine refused to start exec " + execId + ": " + status);
            }
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(channel, stdin));
            try {
                readFrames(in, sink);
            } catch (IOException e) {
                if (!cut.get()) {
                    throw e;
                }
            }
            feeding.cancel(true);
            return !cut.get();
        }
    }

    private static SocketChannel connect(String dockerHost) throws IOException {
        URI uri = URI.create(dockerHost);
        if ("unix".equals(uri.getScheme())) {
            return SocketChannel.open(UnixDomainSocketAddress.of(uri.getPath()));
        }
        if ("tcp".equals(uri.getScheme())) {
            return SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        }
        throw new IOException("a command that reads stdin needs a unix:// or tcp:// DOCKER_HOST, not " + dockerHost);
    }

    /** Copies stdin into the stream, then shuts the write side: the command reads its end of input. */
    private static void feed(SocketChannel channel, InputStream stdin) {
        byte[] buffer = new byte[64 * 1024];
        try (stdin) {
            for (int n = stdin.read(buffer); n >= 0; n = stdin.read(buffer)) {
                write(channel, java.util.Arrays.copyOf(buffer, n));
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(channel);
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the engine closed the exec stream before answering");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n"));
    }

    /** Docker's stream format: an 8-byte header (stream, 0, 0, 0, big-endian size), then the payload. */
    private static void readFrames(InputStream in, ExecCallback sink) throws IOException {
        byte[] header = new byte[8];
        while (in.readNBytes(header, 0, 8) == 8) {
            int size = ByteBuffer.wrap(header, 4, 4).getInt();
            byte[] payload = in.readNBytes(size);
            StreamType type = header[0] == 2 ? StreamType.STDERR : header[0] == 0 ? StreamType.STDIN : StreamType.STDOUT;
            sink.onNext(new Frame(type, payload));
        }
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
