package tokyo.seisei.operator.model;

/**
 * A published port, from Compose's short form {@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]} or
 * its long form ({@code target}, {@code published}, {@code host_ip}, {@code protocol}).
 *
 * @param hostIp    empty for every interface
 * @param hostPort  null when the engine picks one
 */
public record PortSpec(String hostIp, Integer hostPort, int containerPort, String protocol) {

    /** Parses the short form; throws IllegalArgumentException naming the rule. */
    public static PortSpec parse(String text) {
        String body = text;
        String protocol = "tcp";
        int slash = body.lastIndexOf('/');
        if (slash >= 0) {
            protocol = body.substring(slash + 1);
            body = body.substring(0, slash);
        }
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("port '" + text + "': protocol must be tcp or udp");
        }
        String hostIp = "";
        String hostPort = null;
        String containerPort;
        int last = body.lastIndexOf(':');
        if (last < 0) {
            containerPort = body;
        } else {
            containerPort = body.substring(last + 1);
            String host = body.substring(0, last);
            int ipEnd = host.lastIndexOf(':');
            if (ipEnd >= 0) {
                hostIp = host.substring(0, ipEnd);
                hostPort = host.substring(ipEnd + 1);
            } else if (host.contains(".")) {
                hostIp = host;
            } else {
                hostPort = host;
            }
        }
        return new PortSpec(hostIp, hostPort == null || hostPort.isEmpty() ? null : number(text, hostPort),
                number(text, containerPort), protocol);
    }

    private static int number(String text, String part) {
        if (!part.matches("[0-9]{1,5}") || Integer.parseInt(part) < 1 || Integer.parseInt(part) > 65535) {
            throw new IllegalArgumentException("port '" + text + "': '" + part
                    + "' is not a port number 1-65535 (ranges are not supported)");
        }
        return Integer.parseInt(part);
    }

    /** The host side as other stacks would collide with it, e.g. "127.0.0.1:8080/tcp". */
    public String hostKey() {
        return (hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ":" + hostPort + "/" + protocol;
    }

    /** Two published ports collide on one port and protocol when their addresses are equal or one is every interface. */
    public boolean collidesWith(PortSpec other) {
        if (hostPort == null || !hostPort.equals(other.hostPort) || !protocol.equals(other.protocol)) {
            return false;
        }
        return hostIp.equals(other.hostIp) || anyInterface(hostIp) || anyInterface(other.hostIp);
    }

    private static boolean anyInterface(String ip) {
        return ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
    }
}
