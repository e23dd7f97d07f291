package tokyo.seisei.operator.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;

import java.io.IOException;

/**
 * Collects the outcome of a pull stream. Unlike docker-java's PullImageResultCallback it does not guess success
 * from status strings: any item carrying an error fails the pull, and the caller checks the image afterwards.
 */
final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {

    private volatile Throwable failure;

    @Override
    public void onNext(PullResponseItem item) {
        String error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                ? item.getErrorDetail().getMessage()
                : item.getError();
        if (error != null || item.getErrorDetail() != null) {
            onError(new PullStreamException(error == null ? "the engine reported an error without a message" : error));
        }
    }

    /** Records the error without the template's ERROR log: the caller reports it. */
    @Override
    public void onError(Throwable throwable) {
        if (failure == null) {
            failure = throwable;
        }
        try {
            close();
        } catch (IOException ignored) {
            // the stream is being abandoned anyway
        }
    }

    Throwable failure() {
        return failure;
    }
}
