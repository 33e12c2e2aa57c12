package org.takedown.cli.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.takedown.cli.Operation;
import org.takedown.cli.Printer;
import org.takedown.cli.api.Http;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The data set registry in matching (ADR 016): list, show, register. Releases: {@link ReleasesCommand}. */
@Command(name = "datasets", description = "The data set registry (matching).",
        subcommands = {DatasetsCommand.ListAll.class, DatasetsCommand.Show.class, DatasetsCommand.Register.class})
public final class DatasetsCommand {

    @Command(name = "list", description = "Every data set with its releases and their states.")
    static final class ListAll extends Operation {

        @Override
        protected void run() {
            JsonNode datasets = context().apiIfLoggedIn().get("matching", "/api/v1/datasets");
            printer().print(datasets, () -> {
                List<String[]> lines = new ArrayList<>();
                lines.add(new String[] {"dataset", "release", "state", "items", "backend", "name"});
                for (JsonNode dataset : datasets) {
                    if (dataset.path("releases").isEmpty()) {
                        lines.add(new String[] {dataset.path("id").asText(), "-", "-", "-", "-", dataset.path("name").asText()});
                    }
                    for (JsonNode release : dataset.path("releases")) {
                        lines.add(new String[] {dataset.path("id").asText(), release.path("id").asText(),
                                release.path("state").asText(), release.path("itemCount").asText("-"),
                                release.path("backend").asText("-"), dataset.path("name").asText()});
                    }
                }
                printer().printColumns(lines);
            });
        }
    }

    @Command(name = "show", description = "One data set: its public details and releases.")
    static final class Show extends Operation {

        @Parameters(paramLabel = "DATASET")
        String dataset;

        @Override
        protected void run() {
            JsonNode found = context().apiIfLoggedIn().get("matching", "/api/v1/datasets/" + Http.encode(dataset));
            printer().print(found, () -> {
                out().println(found.path("id").asText() + ": " + found.path("name").asText());
                out().println("maintainer: " + found.path("maintainerContact").asText("-") + ", home: "
                        + found.path("homeUrl").asText("-") + ", licence: " + found.path("licenceUrl").asText("-"));
                printer().table(found.path("releases"), List.of("release", "state", "items", "registered", "activated", "retired"),
                        List.of(r -> Printer.text(r, "id"), r -> Printer.text(r, "state"), r -> Printer.text(r, "itemCount"),
                                r -> Printer.text(r, "registeredAt"), r -> Printer.text(r, "activatedAt"),
                                r -> Printer.text(r, "retiredAt")));
            });
        }
    }

    @Command(name = "register", description = "Register a data set, or update its public details (admin).")
    static final class Register extends Operation {

        @Parameters(paramLabel = "DATASET", description = "Its id, e.g. laion-5b.")
        String dataset;

        @Option(names = "--name", required = true, description = "Its public name.")
        String name;

        @Option(names = "--maintainer", description = "How to reach its maintainer (e-mail or URL).")
        String maintainer;

        @Option(names = "--home-url", description = "Its home page (absolute http(s) URL).")
        String homeUrl;

        @Option(names = "--licence-url", description = "Its licence (absolute http(s) URL).")
        String licenceUrl;

        @Override
        protected void run() {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("maintainerContact", maintainer);
            body.put("homeUrl", homeUrl);
            body.put("licenceUrl", licenceUrl);
            JsonNode registered = api().put("matching", "/api/v1/datasets/" + Http.encode(dataset), body);
            printer().print(registered, () -> out().println("Data set " + dataset + " registered (" + name + "). Next: "
                    + "`takedown releases ingest " + dataset + " <release> --manifest <file in matching's inbox>`."));
        }
    }
}
