package tokyo.seisei.operator.engine.smoke;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import tokyo.seisei.operator.model.HostPort;

/** HOST:PORT accepts a TCP connection. */
final class TcpCheck implements SmokeCheck {

    private final HostPort endpoint;

    TcpCheck(HostPort endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String label() {
        return "tcp " + endpoint;
    }

    @Override
    public CheckResult attempt(Duration timeout) {
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            return CheckResult.fail(label() + ": unknown host " + endpoint.host());
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return CheckResult.pass(label() + " accepted a connection");
        } catch (SocketTimeoutException e) {
            return CheckResult.fail(label() + ": no connection within " + SmokeCheck.seconds(timeout));
        } catch (IOException e) {
            return CheckResult.fail(label() + ": " + e.getMessage());
        }
    }
}
