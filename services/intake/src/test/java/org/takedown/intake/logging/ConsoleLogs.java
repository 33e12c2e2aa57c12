package org.takedown.intake.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/** The console handler the running application installed on the root logger (Quarkus wraps it in delegating handlers). */
final class ConsoleLogs {

    private ConsoleLogs() {
    }

    static ConsoleHandler handler() {
        Deque<Handler> todo = new ArrayDeque<>(java.util.List.of(LogContext.getLogContext().getLogger("").getHandlers()));
        while (!todo.isEmpty()) {
            Handler handler = todo.pop();
            if (handler instanceof ConsoleHandler console) {
                return console;
            }
            if (handler instanceof ExtHandler ext) {
                todo.addAll(java.util.List.of(ext.getHandlers()));
            }
        }
        throw new AssertionError("no console handler on the root logger");
    }

    /** One record as the console would print it. */
    static String format(ExtLogRecord record) {
        return handler().getFormatter().format(record);
    }
}
