package tokyo.seisei.operator.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import tokyo.seisei.operator.app.DiskWatch;

/**
 * {@code GET /api/host}: the host's conditions (DiskPressure while it holds) and the free space of each disk the
 * operator needs, or why it cannot be read from here.
 */
@Path("/api/host")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    /** The host's answer. */
    public record Host(List<DiskWatch.Condition> conditions, List<DiskWatch.Disk> disks) {
    }

    @Inject
    DiskWatch disks;

    @GET
    public Host get() {
        return new Host(disks.pressure().stream().toList(), disks.disks());
    }
}
