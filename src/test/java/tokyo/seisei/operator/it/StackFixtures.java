package tokyo.seisei.operator.it;

/**
 * The desired-state files the integration tests deploy, in one place: the lab app alone, the lab's PostgreSQL with
 * spec.backup, a web service in front of that database, and two app services. Each is a complete, valid stack file
 * of the given name; the variations the tests need are made from them.
 */
public final class StackFixtures {

    /** The lab app's own healthcheck, a probe every interval (e.g. 1s), so health follows /health closely. */
    public static final String HEALTHCHECK = """
                  healthcheck:
                    test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/health"]
                    interval: %s
                    retries: 30
            """;

    private StackFixtures() {
    }

    private static String header(String name, String version) {
        return """
                apiVersion: operator.seisei.tokyo/v1
                kind: Stack
                metadata:
                  name: %s
                spec:
                  environment: staging
                  version: %s
                  services:
                """.formatted(name, version);
    }

    /** A one-service stack on the lab app image, published on 127.0.0.1:port. */
    public static String app(String name, String version, int port) {
        return header(name, version) + """
                    web:
                      image: %s:${VERSION}
                      ports: ["127.0.0.1:%d:8080"]
                      restart: unless-stopped
                      environment:
                        GREETING: hello
                """.formatted(Lab.APP, port);
    }

    /** The app stack with a smoke on /health; a short timeout makes a failing version fail fast. */
    public static String smokedApp(String name, String version, int port, String timeout) {
        return app(name, version, port) + smokeOnHealth(port, timeout);
    }

    /** spec.smoke: /health of 127.0.0.1:port must answer ok within the timeout, tried every second. */
    public static String smokeOnHealth(int port, String timeout) {
        return """
                  smoke:
                    timeout: %s
                    interval: 1s
                    checks:
                      - http: http://127.0.0.1:%d/health
                        expectBody: ok
                """.formatted(timeout, port);
    }

    /**
     * Two services of the lab app: web, published on 127.0.0.1:port, and worker, not published; both follow
     * spec.version.
     */
    public static String webAndWorker(String name, String version, int port) {
        return app(name, version, port) + """
                    worker:
                      image: %s:${VERSION}
                      restart: unless-stopped
                """.formatted(Lab.APP);
    }

    /** The stack with its web service also on the external network named, declared under spec.networks. */
    public static String withExternalNetwork(String yaml, String network) {
        return yaml.replace("      restart: unless-stopped\n", "      restart: unless-stopped\n      networks: [" + network + "]\n")
                + "  networks:\n    " + network + ": {external: true}\n";
    }

    /** The stack with its lab app images taken from another repository, at the same tags (see Lab.publish). */
    public static String inRepository(String yaml, String repository) {
        return yaml.replace("image: " + Lab.APP + ":", "image: " + repository + ":");
    }

    /** The lab's PostgreSQL as service db: RELEASE follows the version, so a new version recreates it. */
    private static String dbService(String extraEnvironment) {
        return """
                    db:
                      image: %s
                      environment:
                        RELEASE: ${VERSION}
                %s      volumes: ["pgdata:/var/lib/postgresql/data"]
                      healthcheck:
                        test: [CMD, pg_isready, -U, postgres]
                        interval: 1s
                        timeout: 3s
                        retries: 30
                """.formatted(Lab.POSTGRES, extraEnvironment);
    }

    /**
     * One PostgreSQL service with a secret in its environment, backed up by the dump command given (a YAML flow
     * list, e.g. "[pg_dumpall, -U, postgres]"), restored with psql, backups kept 30 days.
     */
    public static String database(String name, String version, String dump) {
        return header(name, version) + dbService("        API_TOKEN: tok-never-printed\n") + """
                  volumes:
                    pgdata: {}
                  backup:
                    databases:
                      - service: db
                        dump: %s
                        restore: [psql, -U, postgres]
                    retention: 30d
                """.formatted(dump);
    }

    /**
     * A database with a web service in front of it (depends_on db healthy, the lab app at sha-1a2b3c4 whatever
     * the version, on 127.0.0.1:port), backed up before each deploy that replaces the database.
     */
    public static String webAndDatabase(String name, String version, int port) {
        return header(name, version) + dbService("") + """
                    web:
                      image: %s:sha-1a2b3c4
                      ports: ["127.0.0.1:%d:8080"]
                      depends_on:
                        db: {condition: service_healthy}
                  volumes:
                    pgdata: {}
                  backup:
                    databases:
                      - service: db
                        dump: [pg_dumpall, -U, postgres]
                        restore: [psql, -U, postgres, -v, ON_ERROR_STOP=0]
                """.formatted(Lab.APP, port);
    }

    /**
     * The database and web service of {@link #webAndDatabase}, with a database named shop, backed up and restored
     * with the exact recipe: pg_dump --clean --if-exists, and psql stopping at the first error.
     */
    public static String exactWebAndDatabase(String name, String version, int port) {
        return webAndDatabase(name, version, port)
                .replace("        RELEASE: ${VERSION}\n", "        RELEASE: ${VERSION}\n        POSTGRES_DB: shop\n")
                .replace("dump: [pg_dumpall, -U, postgres]", "dump: [pg_dump, -U, postgres, --clean, --if-exists, shop]")
                .replace("restore: [psql, -U, postgres, -v, ON_ERROR_STOP=0]", "restore: [psql, -U, postgres, -v, ON_ERROR_STOP=1, shop]");
    }
}
