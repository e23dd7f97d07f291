package tokyo.seisei.operator.app;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import tokyo.seisei.operator.model.Printable;

/**
 * Every log line the operator writes stays one line that cannot drive a terminal: control characters in a
 * message (from a stack name, a container label, an engine's error) are written as escapes. Set on the console
 * handler by {@code quarkus.log.console.filter=printable}.
 */
@LoggingFilter(name = "printable")
public final class PrintableLogLines implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            if (formatted != null && formatted.codePoints().anyMatch(Printable::escaped)) {
                ext.setMessage(Printable.escape(formatted), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (record.getMessage() != null && record.getMessage().codePoints().anyMatch(Printable::escaped)) {
            record.setMessage(Printable.escape(record.getMessage()));
        }
        return true;
    }
}
