package tokyo.seisei.operator.cli;

import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import tokyo.seisei.operator.app.ConfigCheck;
import tokyo.seisei.operator.app.OperatorConfig;
import tokyo.seisei.operator.store.HistoryLog;
import tokyo.seisei.operator.store.StateLayout;
import tokyo.seisei.operator.store.StatusStore;

/**
 * {@code stackctl status} and {@code stackctl history}, the commands a person runs most, answered without starting
 * the application: they only read files of the state dir, so they need the settings and nothing else, which saves
 * about half a start. The settings are the application's own (the runtime configuration generated for this build:
 * the same sources in the same order) and are checked as at any start. Whenever this cannot answer — settings that
 * do not parse or break a rule, a help request, a build without the generated configuration — the application
 * starts as for any command, and says what it says.
 */
final class ReadOnlyStart {

    static final String GENERATED_RUNTIME_CONFIG = "io.quarkus.runtime.generated.RunTimeConfig";
    static final Set<String> COMMANDS = Set.of("status", "history");
    static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");
    /** {@code -Dstackctl.start=full}: start the application for these commands too (the launcher's class archive). */
    static final String START = "stackctl.start";

    private ReadOnlyStart() {
    }

    /** The command's exit code, or empty when the application must start to run it. */
    static Optional<Integer> run(String... args) {
        if (args.length == 0 || !COMMANDS.contains(args[0]) || Arrays.stream(args).anyMatch(HELP::contains)
                || "full".equals(System.getProperty(START))) {
            return Optional.empty();
        }
        Optional<OperatorConfig> settings = settings();
        if (settings.isEmpty()) {
            return Optional.empty();
        }
        StateLayout layout = new StateLayout(Path.of(settings.get().stateDir()));
        StateDirNote note = new StateDirNote();
        note.layout = layout;
        Object command;
        if (args[0].equals("status")) {
            StatusCommand status = new StatusCommand();
            status.statuses = new StatusStore(layout);
            status.stateDir = note;
            command = status;
        } else {
            HistoryCommand history = new HistoryCommand();
            history.history = new HistoryLog(layout, Clock.systemDefaultZone());
            history.stateDir = note;
            command = history;
        }
        return Optional.of(new CommandLine(command).setCommandName("stackctl " + args[0])
                .setExecutionExceptionHandler(new FailureExits())
                .execute(Arrays.copyOfRange(args, 1, args.length)));
    }

    /** The operator's settings, checked; empty when they cannot be had here. */
    static Optional<OperatorConfig> settings() {
        SmallRyeConfigBuilderCustomizer generated;
        try {
            generated = (SmallRyeConfigBuilderCustomizer) Class.forName(GENERATED_RUNTIME_CONFIG, true,
                    Thread.currentThread().getContextClassLoader()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | ClassCastException notPackaged) {
            return Optional.empty();
        }
        try {
            SmallRyeConfigBuilder builder = new OperatorSettingsOnly();
            generated.configBuilder(builder);
            OperatorConfig config = builder.withMapping(OperatorConfig.class).build().getConfigMapping(OperatorConfig.class);
            ConfigCheck.check(config);
            return Optional.of(config);
        } catch (RuntimeException wrongSettings) {
            return Optional.empty();
        }
    }

    /**
     * The generated configuration maps every extension's settings too, which is most of its cost; a command that
     * starts no extension only needs the operator's.
     */
    private static final class OperatorSettingsOnly extends SmallRyeConfigBuilder {
        @Override
        public SmallRyeConfigBuilder withMapping(ConfigClass mapping) {
            return mapping.getType() == OperatorConfig.class ? super.withMapping(mapping) : this;
        }
    }
}
