package dev.perch.cli;

import dev.perch.cli.bench.BenchCommand;
import dev.perch.eval.EvalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/perch}: the Perch command line. Exit codes: 0 success, 1 failure while running, 2
 * wrong usage; {@code --help} and {@code --version} work on every subcommand.
 */
@Command(
        name = "perch",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        description = "Perch, the streaming real-time personalization engine.",
        subcommands = {
            LocalCommand.class,
            ReplayCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            ChaosCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Run 'perch COMMAND --help' for the options of a command.",
            "Exit codes: 0 ok, 1 runtime failure, 2 usage error."
        })
public final class PerchCli implements Runnable {
    /** Exit code of a command that failed while running. */
    public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;

    /** Exit code of a command line that could not be understood. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Spec CommandSpec spec;

    /** Logging configuration of the command line: warnings only, on stderr. */
    static final String LOG_CONFIG = "perch-cli-log4j2.xml";

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with Perch's error handling, ready to {@code execute}. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PerchCli());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        var replayHelp = cli.getSubcommands().get("replay").getCommandSpec().usageMessage();
        String[] footer = replayHelp.footer();
        String[] formats = ReplayCommand.formatsSection();
        String[] combined = new String[formats.length + footer.length];
        System.arraycopy(formats, 0, combined, 0, formats.length);
        System.arraycopy(footer, 0, combined, formats.length, footer.length);
        replayHelp.footer(combined);
        return cli;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing a command (local, replay, ...)");
    }

    /** Prints a failure as one line (the cause chain, no stack trace) and exits with 1. */
    private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
            StringBuilder message = new StringBuilder(cli.getCommandName() + ": error: ");
            message.append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                message.append("\n  caused by ").append(cause.getClass().getSimpleName());
                if (cause.getMessage() != null) {
                    message.append(": ").append(cause.getMessage());
                }
            }
            cli.getErr().println(cli.getColorScheme().errorText(message.toString()));
            if (Boolean.getBoolean("perch.debug")) {
                e.printStackTrace(cli.getErr());
            }
            cli.getErr().flush();
            return EXIT_FAILURE;
        }
    }
}
