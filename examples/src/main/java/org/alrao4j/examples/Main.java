package org.alrao4j.examples;

import java.io.PrintStream;

import org.alrao4j.dl4j.CpuFastPath;
import org.alrao4j.examples.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The examples' launcher: {@code java -jar alrao4j-examples.jar <command> [options]}, commands {@code cnn}
 * ({@link CnnCommand}), {@code rnn} ({@link RnnCommand}) and {@code robustness} ({@link RobustnessCommand}). Bad input exits with status
 * {@value #EXIT_BAD_INPUT} and one error line, without a stack trace.
 */
@Command(name = "alrao4j-examples", mixinStandardHelpOptions = true, version = "alrao4j examples 0.1.0",
        description = "Alrao (Learning with Random Learning Rates, arXiv:1810.01322) training programs.",
        subcommands = {CnnCommand.class, RnnCommand.class, RobustnessCommand.class})
public final class Main implements Runnable {

    /** Exit status for unusable options or data. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Exit status for a failure during training. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @param args a command and its options; see {@code --help} */
    public static void main(String... args) {
        CpuFastPath.enable();
        System.exit(execute(System.out, System.err, args));
    }

    /**
     * Runs a command line without exiting the JVM.
     *
     * @param out  console output
     * @param err  error output (the one error line)
     * @param args a command and its options
     * @return the exit status: 0, {@value #EXIT_BAD_INPUT} for bad input, {@value #EXIT_FAILURE} otherwise
     */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage() + " (see " + ex.getCommandLine().getCommandName() + " --help)");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean bad = ex instanceof BadInputException || ex instanceof DataException;
            err.println("error: " + message(ex));
            return bad ? EXIT_BAD_INPUT : EXIT_FAILURE;
        });
        return cl.execute(args);
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: cnn, rnn or robustness");
    }
}
