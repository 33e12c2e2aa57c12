package org.takedown.cli.dataset;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.takedown.cli.CliException;
import org.takedown.cli.Operation;
import org.takedown.cli.api.Api;
import org.takedown.cli.api.Http;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A data set's releases (docs/operations.md "Data sets and releases"): register, ingest with a progress bar
 * (matching's ingestion API, which reads the manifest from its inbox), activate, retire.
 */
@Command(name = "releases", description = "Releases of a data set: register, ingest, activate, retire (matching; admin).",
        subcommands = {ReleasesCommand.Register.class, ReleasesCommand.Ingest.class, ReleasesCommand.Status.class,
                ReleasesCommand.Stop.class, ReleasesCommand.Activate.class, ReleasesCommand.Retire.class})
public final class ReleasesCommand {

    static String releasePath(String dataset, String release) {
        return "/api/v1/datasets/" + Http.encode(dataset) + "/releases/" + Http.encode(release);
    }

    static String ingestionPath(String dataset, String release) {
        return "/api/v1/admin/releases/" + Http.encode(dataset) + "/" + Http.encode(release) + "/ingestion";
    }

    abstract static class OnRelease extends Operation {

        @Parameters(index = "0", paramLabel = "DATASET")
        String dataset;

        @Parameters(index = "1", paramLabel = "RELEASE")
        String release;
    }

    @Command(name = "register", description = "Register a release (INGESTING, not searched yet).")
    static final class Register extends OnRelease {

        @Override
        protected void run() {
            JsonNode registered = api().put("matching", releasePath(dataset, release), null);
            printer().print(registered, () -> out().println("Release " + dataset + "/" + release + " registered: "
                    + registered.path("state").asText("INGESTING") + "."));
        }
    }

    @Command(name = "ingest", description = {"Ingest a release from a manifest in matching's inbox, with a progress bar.",
            "Registers the release if needed. Ctrl-C leaves the ingestion running (`releases status`, `releases stop`);",
            "starting it again after a failure or stop resumes from its checkpoint."})
    static final class Ingest extends OnRelease {

        @Option(names = "--manifest", required = true,
                description = "File name in matching's inbox: JSONL manifest, .tar shard(s), Parquet, or a directory of them.")
        String manifest;

        @Option(names = "--caption-embeddings", description = "Also embed every caption (slow).")
        boolean captionEmbeddings;

        @Option(names = "--detach", description = "Start it and return without waiting.")
        boolean detach;

        @Option(names = "--poll", defaultValue = "PT1S", description = "How often to ask for progress (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration poll;

        @Override
        protected void run() throws InterruptedException {
            Api api = api();
            api.put("matching", releasePath(dataset, release), null);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("manifest", manifest);
            body.put("captionEmbeddings", captionEmbeddings);
            JsonNode status = api.post("matching", ingestionPath(dataset, release), body);
            if (detach) {
                printer().print(status, () -> out().println("Ingestion of " + dataset + "/" + release + " started; follow it with "
                        + "`takedown releases status " + dataset + " " + release + "`."));
                return;
            }
            ProgressBar bar = new ProgressBar(out(), System.console() != null && !printer().json());
            while ("RUNNING".equals(status.path("state").asText())) {
                if (!printer().json()) {
                    bar.show(status);
                }
                Thread.sleep(poll.toMillis());
                status = api.get("matching", ingestionPath(dataset, release));
            }
            JsonNode last = status;
            if (!printer().json()) {
                bar.show(last);
                bar.finish();
            }
            String state = last.path("state").asText();
            printer().print(last, () -> out().println(summary(last)));
            switch (state) {
                case "PUBLISHED" -> {
                    if (!printer().json()) {
                        out().println("Next: `takedown releases activate " + dataset + " " + release + "`.");
                    }
                }
                case "STOPPED" -> throw new CliException("The ingestion was stopped at a checkpoint; run the same command to resume.");
                default -> throw new CliException("The ingestion " + state.toLowerCase() + ": " + last.path("error").asText("no reason given")
                        + ". Fix the manifest or the inbox and run the same command: it resumes from its checkpoint.");
            }
        }

        private String summary(JsonNode status) {
            StringBuilder text = new StringBuilder(dataset + "/" + release + ": " + status.path("state").asText() + ", "
                    + status.path("goodRows").asLong() + " rows");
            if (status.path("badRows").asLong() > 0) {
                text.append(", ").append(status.path("badRows").asLong()).append(" bad rows, e.g.");
                for (JsonNode bad : status.path("badRowSamples")) {
                    text.append("\n  ").append(bad.toString());
                }
            }
            return text.toString();
        }
    }

    @Command(name = "status", description = "The progress of a release's ingestion.")
    static final class Status extends OnRelease {

        @Override
        protected void run() {
            JsonNode status = api().get("matching", ingestionPath(dataset, release));
            printer().print(status, () -> out().println(status.path("state").asText() + "  "
                    + ProgressBar.render(status.path("percent").asDouble(), status)
                    + (status.hasNonNull("error") ? "\nerror: " + status.path("error").asText() : "")));
        }
    }

    @Command(name = "stop", description = "Stop a running ingestion at its next checkpoint (`ingest` again resumes).")
    static final class Stop extends OnRelease {

        @Override
        protected void run() {
            JsonNode status = api().delete("matching", ingestionPath(dataset, release));
            printer().print(status, () -> out().println("Stopping " + dataset + "/" + release + " at its next checkpoint."));
        }
    }

    @Command(name = "activate", description = {"Activate an ingested release: later requests are matched against it.",
            "The data set's past removals are carried over into it (ADR 017)."})
    static final class Activate extends OnRelease {

        @Override
        protected void run() {
            JsonNode release = api().post("matching", releasePath(dataset, this.release) + "/activation", null);
            printer().print(release, () -> out().println("Release " + dataset + "/" + this.release + " is "
                    + release.path("state").asText() + " (" + release.path("itemCount").asText("?") + " items). Past removals "
                    + "follow: watch propagation's log for `release " + dataset + "/" + this.release + ": … looked up`."));
        }
    }

    @Command(name = "retire", description = "Retire a release: no later request is matched against it; it is never activated again.")
    static final class Retire extends OnRelease {

        @Override
        protected void run() {
            JsonNode release = api().post("matching", releasePath(dataset, this.release) + "/retirement", null);
            printer().print(release, () -> out().println("Release " + dataset + "/" + this.release + " is "
                    + release.path("state").asText() + "."));
        }
    }
}
