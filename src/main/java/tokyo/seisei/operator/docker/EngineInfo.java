package tokyo.seisei.operator.docker;

/** What the engine says of itself, and the API version the client negotiated with it. */
public record EngineInfo(String serverVersion, String apiVersion, String dockerRootDir) {
}
