package tokyo.seisei.operator.app;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import tokyo.seisei.operator.source.Source;

/**
 * Ready: the Docker engine answers ({@link EngineProbe}: one request every few seconds at most) and the first pass is
 * done. DiskPressure, while it holds, is in the data. When the desired state is a git repository, the commit in use
 * and any failing fetch are in the data; only a repository never fetched makes it DOWN.
 */
@Readiness
@Singleton
public class ReadinessCheck implements HealthCheck {

    @Inject
    EngineProbe engineProbe;

    @Inject
    Daemon daemon;

    @Inject
    Source source;

    @Inject
    DiskWatch disks;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("operator");
        EngineProbe.Answer engine = engineProbe.answer();
        response.withData("engine", engine.text());
        if (!engine.answered()) {
            return response.down().build();
        }
        var git = source.health();
        if (git.isPresent()) {
            response.withData("source", git.get().text());
            if (!git.get().usable()) {
                return response.down().build();
            }
        }
        // a condition of the host, said here and at /api/host; the operator itself still works
        disks.pressure().ifPresent(p -> response.withData(p.type(), p.message()));
        var overdue = daemon.overdue();
        if (overdue.isPresent()) {
            return response.down().withData("pass", overdue.get()).build();
        }
        return response.status(daemon.firstPassDone()).withData("firstPassDone", daemon.firstPassDone()).build();
    }
}
