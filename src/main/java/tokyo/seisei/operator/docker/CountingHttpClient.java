package tokyo.seisei.operator.docker;

import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** Counts every request handed to the transport, whether it succeeds or not. */
final class CountingHttpClient implements DockerHttpClient {

    private final DockerHttpClient delegate;
    private final AtomicLong counter;

    CountingHttpClient(DockerHttpClient delegate, AtomicLong counter) {
        this.delegate = delegate;
        this.counter = counter;
    }

    @Override
    public Response execute(Request request) {
        counter.incrementAndGet();
        return delegate.execute(request);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
