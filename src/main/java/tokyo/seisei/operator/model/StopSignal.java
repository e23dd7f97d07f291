package tokyo.seisei.operator.model;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The signals a service's {@code stop_signal} may name: the engine's table of Linux signals, written as the
 * engine reads them (any case, with or without {@code SIG}: {@code SIGTERM}, {@code sigint}, {@code QUIT},
 * {@code SIGRTMIN+3}), or a signal number from 1 to 64.
 */
public final class StopSignal {

    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
            "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX");
    /** SIGRTMIN+1 to +15 and SIGRTMAX-14 to -1, as the engine's table has them. */
    private static final Pattern REAL_TIME = Pattern.compile("RTMIN\\+([1-9]|1[0-5])|RTMAX-([1-9]|1[0-4])");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");

    private StopSignal() {
    }

    public static boolean isValid(String signal) {
        if (signal == null) {
            return false;
        }
        if (NUMBER.matcher(signal).matches()) {
            int number = Integer.parseInt(signal);
            return number >= 1 && number <= 64;
        }
        String name = signal.toUpperCase(Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        return NAMES.contains(name) || REAL_TIME.matcher(name).matches();
    }

    /** Why the text names no signal the engine knows, or empty when it names one. */
    public static Optional<String> problem(String signal) {
        if (isValid(signal)) {
            return Optional.empty();
        }
        return Optional.of("'" + Printable.excerpt(String.valueOf(signal)) + "' is not a signal: write a name such as"
                + " SIGTERM, SIGINT or SIGQUIT, or a signal number from 1 to 64");
    }
}
