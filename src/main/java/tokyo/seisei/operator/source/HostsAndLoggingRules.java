package tokyo.seisei.operator.source;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import tokyo.seisei.operator.model.Service;

/** The rules of a service's extra_hosts and logging. */
final class HostsAndLoggingRules {

    /** The engine's own word for the host's address on the default bridge. */
    static final String HOST_GATEWAY = "host-gateway";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final ProblemSink sink;

    HostsAndLoggingRules(ProblemSink sink) {
        this.sink = sink;
    }

    void validate(String at, Service service) {
        List<String> hosts = service.extraHosts();
        for (int i = 0; i < hosts.size(); i++) {
            String entry = hosts.get(i);
            int colon = entry.indexOf(':');
            String host = colon < 0 ? entry : entry.substring(0, colon);
            String ip = colon < 0 ? "" : entry.substring(colon + 1);
            if (!HOST_NAME.matcher(host).matches() || !address(ip)) {
                sink.error(at + ".extra_hosts[" + i + "]", at + ".extra_hosts[" + i + "] '" + entry
                        + "' must be HOST:IP (or HOST=IP), the IP an IPv4 or IPv6 address or " + HOST_GATEWAY);
            }
        }
        Service.Logging logging = service.logging();
        if (logging == null) {
            return;
        }
        if (logging.driver() == null || logging.driver().isBlank()) {
            sink.error(at + ".logging", at + ".logging.driver is required: one of "
                    + String.join(", ", Service.Logging.DRIVERS));
        } else if (!Service.Logging.DRIVERS.contains(logging.driver())) {
            sink.error(at + ".logging.driver", at + ".logging.driver '" + logging.driver()
                    + "' is not a driver the operator can set: one of " + String.join(", ", Service.Logging.DRIVERS));
        }
        if (logging.options() != null) {
            logging.options().keySet().stream().filter(String::isBlank).findFirst().ifPresent(blank ->
                    sink.error(at + ".logging.options", at + ".logging.options has an option without a name"));
        }
    }

    /** An IP address written out, or host-gateway; never looked up, so a host name is not one. */
    private static boolean address(String ip) {
        if (ip.equals(HOST_GATEWAY) || IPV4.matcher(ip).matches()) {
            return true;
        }
        if (!IPV6_CHARACTERS.matcher(ip).matches()) {
            return false;
        }
        try {
            // a text with a colon is parsed as an IPv6 literal, with no name lookup
            InetAddress.getByName(ip);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
