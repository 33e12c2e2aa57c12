package org.takedown.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.takedown.cli.auth.AuthCommands;
import org.takedown.cli.dataset.DatasetsCommand;
import org.takedown.cli.dataset.ReleasesCommand;
import org.takedown.cli.dlq.DlqCommand;
import org.takedown.cli.trace.TraceCommand;
import org.takedown.cli.transparency.TransparencyCommand;
import org.takedown.cli.vendor.VendorsCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code takedown}: the operators' command line. Logs in with the device authorization grant and then calls the
 * services' admin APIs as the person who logged in; reads and replays dead-letter topics from Kafka.
 */
@Command(name = "takedown", mixinStandardHelpOptions = true, version = "takedown 0.1.0",
        description = "Operate Takedown: log in, data sets and releases, vendors, dead-letter queues, a request's trace, "
                + "the transparency export.",
        footer = {"", "Settings: `takedown config` (environment variables TAKEDOWN_*_URL, or config.properties).",
                "Exit codes: 0 done, 1 refused or failed, 2 wrong usage, 3 not logged in, 4 a server is unreachable."},
        subcommands = {AuthCommands.Login.class, AuthCommands.Logout.class, AuthCommands.Whoami.class, ConfigCommand.class,
                DatasetsCommand.class, ReleasesCommand.class, VendorsCommand.class, DlqCommand.class, TraceCommand.class,
                TransparencyCommand.class})
public final class Takedown implements Runnable {

    private final Context context;

    @Option(names = "--json", description = "Print the services' answers as JSON (for scripts).")
    private boolean json;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public Takedown(Context context) {
        this.context = context;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Context context = new Context(CliSettings.fromEnvironment(), out, err, Clock.systemUTC());
        System.exit(commandLine(context).execute(args));
    }

    /** The command line of one run; tests call {@code execute} on it. */
    public static CommandLine commandLine(Context context) {
        CommandLine line = new CommandLine(new Takedown(context));
        withHelpOptions(line);
        line.setOut(context.out());
        line.setErr(context.err());
        line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliException failure) {
                context.err().println("error: " + failure.getMessage());
                context.err().flush();
                return failure.exitCode();
            }
            context.err().println("error: " + e);
            if (System.getenv("TAKEDOWN_DEBUG") != null) {
                e.printStackTrace(context.err());
            } else {
                context.err().println("(set TAKEDOWN_DEBUG=1 for the stack trace)");
            }
            context.err().flush();
            return CliException.FAILED;
        });
        return line;
    }

    /** -h/--help on every command, not only the root. */
    private static void withHelpOptions(CommandLine line) {
        for (CommandLine sub : line.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions()) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
            withHelpOptions(sub);
        }
    }

    Context context() {
        return context;
    }

    boolean json() {
        return json;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command; `takedown --help` lists them.");
    }
}
