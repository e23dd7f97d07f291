package tokyo.seisei.operator.engine.hold;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * For the reliability suite only: holds the operator at one named point of a deploy (e.g. {@code after-rename}),
 * so a test can kill it there, and writes the point's name to a file once it is reached. Inert unless
 * {@code operator.test.hold-at} is set. A graceful stop releases the hold, so the step under way can finish.
 */
public final class HoldPoints {

    public static final HoldPoints NONE = new HoldPoints(Optional.empty(), Optional.empty());

    private final Optional<String> holdAt;
    private final Optional<Path> reachedFile;
    private volatile boolean released;

    public HoldPoints(Optional<String> holdAt, Optional<Path> reachedFile) {
        this.holdAt = holdAt;
        this.reachedFile = reachedFile;
    }

    /** Holds here while this is the point to hold at, until released. */
    public void reach(String point) {
        if (holdAt.isEmpty() || !holdAt.get().equals(point)) {
            return;
        }
        reachedFile.ifPresent(file -> {
            try {
                Files.writeString(file, point + "\n");
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file, e);
            }
        });
        while (!released) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void release() {
        released = true;
    }
}
