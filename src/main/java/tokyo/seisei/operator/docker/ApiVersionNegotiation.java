package tokyo.seisei.operator.docker;

/**
 * Picks the Engine API version to speak: the server's newest, capped at {@link #CEILING} (the newest version
 * whose payloads this adapter was written against), but never below the server's minimum.
 */
final class ApiVersionNegotiation {

    static final String CEILING = "1.44";

    private ApiVersionNegotiation() {
    }

    static String choose(String serverApiVersion, String serverMinApiVersion) {
        if (serverApiVersion == null || serverApiVersion.isBlank()) {
            throw new IllegalArgumentException("the engine did not report its API version");
        }
        String chosen = compare(serverApiVersion, CEILING) < 0 ? serverApiVersion : CEILING;
        if (serverMinApiVersion != null && !serverMinApiVersion.isBlank()
                && compare(chosen, serverMinApiVersion) < 0) {
            chosen = serverMinApiVersion;
        }
        return chosen;
    }

    /** Compares "major.minor" versions numerically (1.9 &lt; 1.41). */
    static int compare(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
    }

    private static int[] parse(String version) {
        String[] parts = version.trim().split("\\.");
        try {
            return new int[] {Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an API version: " + version, e);
        }
    }
}
