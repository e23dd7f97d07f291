package tokyo.seisei.operator.model;

/**
 * A service's volume, from Compose's short form {@code [SOURCE:]TARGET[:ro|rw]} or its long form.
 *
 * @param type   volume (named, or anonymous when source is null) | bind
 * @param source the top-level volume's key, or a host path for a bind
 */
public record VolumeMount(String type, String source, String target, boolean readOnly) {

    public static final String VOLUME = "volume";
    public static final String BIND = "bind";

    public static VolumeMount parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 3 || text.isBlank()) {
            throw new IllegalArgumentException("volume '" + text + "' must be [SOURCE:]TARGET[:ro|rw]");
        }
        if (parts.length == 1) {
            return new VolumeMount(VOLUME, null, requireAbsolute(text, parts[0]), false);
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            if (!parts[2].equals("ro") && !parts[2].equals("rw")) {
                throw new IllegalArgumentException("volume '" + text + "': mode must be ro or rw");
            }
            readOnly = parts[2].equals("ro");
        }
        String source = parts[0];
        boolean hostPath = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
        return new VolumeMount(hostPath ? BIND : VOLUME, source, requireAbsolute(text, parts[1]), readOnly);
    }

    private static String requireAbsolute(String text, String target) {
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("volume '" + text + "': the container path must be absolute");
        }
        return target;
    }
}
