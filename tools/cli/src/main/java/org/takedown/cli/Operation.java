package org.takedown.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.takedown.cli.api.Api;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A leaf command: reaches the run's {@link Context} through the root command; returns the exit code. */
public abstract class Operation implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    protected Context context() {
        return ((Takedown) spec.root().userObject()).context();
    }

    protected Printer printer() {
        return new Printer(context().out(), ((Takedown) spec.root().userObject()).json());
    }

    protected PrintWriter out() {
        return context().out();
    }

    protected Api api() {
        return context().api();
    }

    @Override
    public final Integer call() throws Exception {
        run();
        out().flush();
        return 0;
    }

    protected abstract void run() throws Exception;
}
