package tokyo.seisei.operator.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Streams an exec's stdout frames to a file or pipe, and keeps the tail of its stderr for the error message.
 * A failure to write that output (a full disk) is kept apart from a failure of the engine's stream: it is the
 * caller's, not the engine's.
 */
final class ExecCallback extends ResultCallback.Adapter<Frame> {

    private static final int STDERR_TAIL = 4096;
    private static final int STDOUT_HEAD = 1024;

    private final OutputStream stdout;
    private final StringBuilder stderr = new StringBuilder();
    private final ByteArrayOutputStream stdoutHead = new ByteArrayOutputStream();
    private volatile Throwable failure;
    private volatile IOException outputFailure;

    ExecCallback(OutputStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public void onNext(Frame frame) {
        try {
            if (frame.getStreamType() == StreamType.STDERR) {
                synchronized (stderr) {
                    stderr.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_TAIL) {
                        stderr.delete(0, stderr.length() - STDERR_TAIL);
                    }
                }
            } else {
                keepHead(frame.getPayload());
                if (stdout != null && outputFailure == null) {
                    stdout.write(frame.getPayload());
                }
            }
        } catch (IOException e) {
            outputFailure = e;
            abandon();
        }
    }

    private void keepHead(byte[] payload) {
        synchronized (stdoutHead) {
            int room = STDOUT_HEAD - stdoutHead.size();
            if (room > 0) {
                stdoutHead.write(payload, 0, Math.min(room, payload.length));
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        if (failure == null && outputFailure == null) {
            failure = throwable;
        }
        abandon();
    }

    private void abandon() {
        try {
            close();
        } catch (IOException ignored) {
            // the stream is being abandoned anyway
        }
    }

    Throwable failure() {
        return failure;
    }

    /** Why the output could not be written, or null. */
    IOException outputFailure() {
        return outputFailure;
    }

    /** The first KiB of stdout: where the engine writes why a command could not be started. */
    String stdoutHead() {
        synchronized (stdoutHead) {
            return stdoutHead.toString(StandardCharsets.UTF_8).strip();
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString().strip();
        }
    }
}
