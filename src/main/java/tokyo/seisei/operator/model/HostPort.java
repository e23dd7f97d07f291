package tokyo.seisei.operator.model;

/**
 * {@code HOST:PORT}, as a smoke's tcp check names an endpoint; an IPv6 host is written in brackets,
 * {@code [::1]:5432}.
 */
public record HostPort(String host, int port) {

    /** Throws IllegalArgumentException when the text is not HOST:PORT with a port 1-65535. */
    public static HostPort parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': an IPv6 host must be written in brackets");
        }
        if (host.isBlank() || !port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + number + " is not 1-65535");
        }
        return new HostPort(host, number);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
