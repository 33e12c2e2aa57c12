package org.takedown.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Command;

/** Shows which Keycloak, services and broker the CLI talks to, and where it keeps its files. */
@Command(name = "config", description = "Show the settings in use and where they come from.")
final class ConfigCommand extends Operation {

    @Override
    protected void run() {
        CliSettings settings = context().settings();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"setting", "value", "environment variable"});
        settings.values().forEach((key, value) -> lines.add(new String[] {key, value,
                "TAKEDOWN_" + key.toUpperCase().replace('-', '_')}));
        printer().printColumns(lines);
        out().println();
        out().println("configuration directory: " + settings.configDir() + " (config.properties: the same keys; kafka.* keys go to "
                + "the Kafka clients; tokens.json: your login)");
    }
}
