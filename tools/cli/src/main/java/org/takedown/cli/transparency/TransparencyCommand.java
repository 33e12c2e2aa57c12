package org.takedown.cli.transparency;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.takedown.cli.CliException;
import org.takedown.cli.Operation;
import org.takedown.cli.api.Http;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The transparency report's figures from review's {@code GET /api/v1/transparency}, printed or saved as JSON or CSV.
 * A review without that endpoint answers 404: the command says so instead of printing an error page.
 */
@Command(name = "transparency", description = "Export the transparency report (review's /api/v1/transparency) as JSON or CSV.")
public final class TransparencyCommand extends Operation {

    static final String PATH = "/api/v1/transparency";

    enum Format { json, csv }

    @Option(names = "--format", defaultValue = "json", description = "json or csv (default ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--from", paramLabel = "MONTH", description = "First month of the report (YYYY-MM).")
    String from;

    @Option(names = "--to", paramLabel = "MONTH", description = "Last month of the report (YYYY-MM).")
    String to;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Save it here instead of printing it.")
    Path output;

    @Override
    protected void run() throws IOException {
        List<String> query = new ArrayList<>();
        if (from != null) {
            query.add("from=" + Http.encode(from));
        }
        if (to != null) {
            query.add("to=" + Http.encode(to));
        }
        query.add("format=" + format);
        String path = PATH + "?" + String.join("&", query);
        String accept = format == Format.csv ? "text/csv" : "application/json";
        HttpResponse<byte[]> response = context().apiIfLoggedIn().getRaw("review", path, accept)
                .orElseThrow(() -> new CliException("review at " + context().settings().serviceUrl("review") + " answers 404 for "
                        + PATH + ": this review does not serve the transparency report yet. Deploy a review that has it "
                        + "(docs/api.md, review), or check review-url (`takedown config`)."));
        if (output != null) {
            Files.write(output, response.body());
            out().println("Saved the transparency report (" + format + ", " + response.body().length + " bytes) to " + output + ".");
        } else {
            out().print(new String(response.body(), StandardCharsets.UTF_8));
            out().println();
        }
    }
}
