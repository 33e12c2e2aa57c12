package org.takedown.cli.vendor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.takedown.cli.CliException;
import org.takedown.cli.Operation;
import org.takedown.cli.Printer;
import org.takedown.cli.api.Http;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Propagation's vendor registry (docs/vendors.md): vendors, their webhook endpoints, signing secrets, API keys, test notices. */
@Command(name = "vendors", description = "AI vendors that receive notices (propagation; admin).",
        subcommands = {VendorsCommand.ListAll.class, VendorsCommand.Show.class, VendorsCommand.Add.class, VendorsCommand.Enable.class,
                VendorsCommand.Disable.class, VendorsCommand.Endpoints.class, VendorsCommand.RotateSecret.class,
                VendorsCommand.ApiKeys.class, VendorsCommand.TestNotice.class})
public final class VendorsCommand {

    static String vendorPath(String vendor) {
        return "/api/v1/admin/vendors/" + Http.encode(vendor);
    }

    abstract static class OnVendor extends Operation {

        @Parameters(index = "0", paramLabel = "VENDOR", description = "The vendor's id (its Keycloak client's vendor_id).")
        String vendor;
    }

    @Command(name = "list", description = "Every vendor with its endpoints.")
    static final class ListAll extends Operation {

        @Override
        protected void run() {
            JsonNode vendors = api().get("propagation", "/api/v1/admin/vendors");
            printer().table(vendors, List.of("vendor", "enabled", "endpoints", "secrets", "name", "contact"),
                    List.of(v -> Printer.text(v, "id"), v -> Printer.text(v, "enabled"),
                            v -> String.valueOf(v.path("endpoints").size()), v -> Printer.text(v, "validSecrets"),
                            v -> Printer.text(v, "name"), v -> Printer.text(v, "contactEmail")));
        }
    }

    @Command(name = "show", description = "One vendor with its endpoints.")
    static final class Show extends OnVendor {

        @Override
        protected void run() {
            JsonNode found = api().get("propagation", vendorPath(vendor));
            printer().print(found, () -> {
                out().println(found.path("id").asText() + ": " + found.path("name").asText() + " <" + found.path("contactEmail").asText()
                        + ">, " + (found.path("enabled").asBoolean() ? "enabled" : "disabled") + ", "
                        + found.path("validSecrets").asInt() + " valid signing secret(s)"
                        + (found.path("fromConfiguration").asBoolean() ? ", from configuration" : ""));
                printEndpoints(printer(), found.path("endpoints"));
            });
        }
    }

    static void printEndpoints(Printer printer, JsonNode endpoints) {
        printer.table(endpoints, List.of("endpoint", "enabled", "url", "event types", "data sets", "disabled because"),
                List.of(e -> Printer.text(e, "id"), e -> Printer.text(e, "enabled"), e -> Printer.text(e, "url"),
                        e -> join(e.path("eventTypes")), e -> join(e.path("datasets")), e -> Printer.text(e, "disabledReason")));
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values.isEmpty() ? "*" : String.join(",", values);
    }

    @Command(name = "add", description = "Register a vendor; prints its webhook signing secret, once.")
    static final class Add extends OnVendor {

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--contact", required = true, description = "The vendor's contact e-mail address.")
        String contact;

        @Option(names = "--disabled", description = "Register it disabled (no notices until `vendors enable`).")
        boolean disabled;

        @Override
        protected void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", vendor);
            body.put("name", name);
            body.put("contactEmail", contact);
            body.put("enabled", !disabled);
            JsonNode created = api().post("propagation", "/api/v1/admin/vendors", body);
            printer().print(created, () -> {
                out().println("Vendor " + vendor + " registered.");
                out().println("Webhook signing secret (shown only now; give it to the vendor over a safe channel):");
                out().println("  " + created.path("signingSecret").asText());
                out().println("Next: `takedown vendors endpoints add " + vendor + " --url https://…` and "
                        + "`takedown vendors test-notice " + vendor + "`.");
            });
        }
    }

    @Command(name = "enable", description = "Enable a vendor: it gets notices again and its API keys work.")
    static final class Enable extends OnVendor {

        @Override
        protected void run() {
            JsonNode changed = api().patch("propagation", vendorPath(vendor), Map.of("enabled", true));
            printer().print(changed, () -> out().println("Vendor " + vendor + " enabled."));
        }
    }

    @Command(name = "disable", description = "Disable a vendor: no notices, its API keys stop working.")
    static final class Disable extends OnVendor {

        @Override
        protected void run() {
            JsonNode changed = api().patch("propagation", vendorPath(vendor), Map.of("enabled", false));
            printer().print(changed, () -> out().println("Vendor " + vendor + " disabled."));
        }
    }

    @Command(name = "endpoints", description = "A vendor's webhook endpoints.",
            subcommands = {Endpoints.ListEndpoints.class, Endpoints.AddEndpoint.class, Endpoints.EnableEndpoint.class,
                    Endpoints.DisableEndpoint.class})
    static final class Endpoints {

        @Command(name = "list", description = "The vendor's endpoints.")
        static final class ListEndpoints extends OnVendor {

            @Override
            protected void run() {
                JsonNode found = api().get("propagation", vendorPath(vendor));
                printEndpoints(printer(), found.path("endpoints"));
            }
        }

        @Command(name = "add", description = "Add a webhook endpoint.")
        static final class AddEndpoint extends OnVendor {

            @Option(names = "--url", required = true, description = "The https URL that receives the vendor's webhooks.")
            String url;

            @Option(names = "--event-type", description = "Only these notice types (repeatable; default every type).")
            List<String> eventTypes;

            @Option(names = "--dataset", description = "Only notices about these data sets (repeatable; default every data set).")
            List<String> datasets;

            @Override
            protected void run() {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("url", url);
                body.put("eventTypes", eventTypes);
                body.put("datasets", datasets);
                JsonNode endpoint = api().post("propagation", vendorPath(vendor) + "/endpoints", body);
                printer().print(endpoint, () -> out().println("Endpoint " + endpoint.path("id").asText() + " added: " + url));
            }
        }

        @Command(name = "enable", description = "Enable an endpoint again.")
        static final class EnableEndpoint extends OnVendor {

            @Parameters(index = "1", paramLabel = "ENDPOINT")
            String endpoint;

            @Override
            protected void run() {
                JsonNode changed = api().post("propagation", vendorPath(vendor) + "/endpoints/" + Http.encode(endpoint) + "/enable", null);
                printer().print(changed, () -> out().println("Endpoint " + endpoint + " enabled."));
            }
        }

        @Command(name = "disable", description = "Disable an endpoint (its notices wait for another enabled endpoint).")
        static final class DisableEndpoint extends OnVendor {

            @Parameters(index = "1", paramLabel = "ENDPOINT")
            String endpoint;

            @Override
            protected void run() {
                JsonNode changed = api().post("propagation", vendorPath(vendor) + "/endpoints/" + Http.encode(endpoint) + "/disable", null);
                printer().print(changed, () -> out().println("Endpoint " + endpoint + " disabled."));
            }
        }
    }

    @Command(name = "rotate-secret", description = {"Give the vendor a new webhook signing secret, shown once.",
            "Deliveries carry both signatures until the old secrets' grace period ends."})
    static final class RotateSecret extends OnVendor {

        @Option(names = "--grace", description = "How long the old secrets stay valid (ISO-8601, e.g. PT24H; default: the service's).")
        Duration grace;

        @Override
        protected void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (grace != null) {
                body.put("gracePeriodSeconds", grace.toSeconds());
            }
            JsonNode rotated = api().post("propagation", vendorPath(vendor) + "/secrets/rotate", body);
            printer().print(rotated, () -> {
                out().println("New signing secret for " + vendor + " (shown only now):");
                out().println("  " + rotated.path("signingSecret").asText());
                out().println("Old secrets valid until " + rotated.path("previousSecretsValidUntil").asText("-") + ".");
            });
        }
    }

    @Command(name = "api-keys", description = "API keys a vendor uses instead of a token for the check, feed and exports.",
            subcommands = {ApiKeys.Issue.class, ApiKeys.ListKeys.class, ApiKeys.Revoke.class})
    static final class ApiKeys {

        @Command(name = "issue", description = "Issue a key; prints it, once.")
        static final class Issue extends OnVendor {

            @Override
            protected void run() {
                JsonNode issued = api().post("propagation", vendorPath(vendor) + "/api-keys", null);
                printer().print(issued, () -> {
                    out().println("API key " + issued.path("id").asText() + " for " + vendor + " (shown only now; sent as "
                            + "`Authorization: API <key>`):");
                    out().println("  " + issued.path("key").asText());
                });
            }
        }

        @Command(name = "list", description = "The vendor's keys (prefix only).")
        static final class ListKeys extends OnVendor {

            @Override
            protected void run() {
                JsonNode keys = api().get("propagation", vendorPath(vendor) + "/api-keys");
                printer().table(keys, List.of("key", "prefix", "created", "last used", "revoked"),
                        List.of(k -> Printer.text(k, "id"), k -> Printer.text(k, "prefix"), k -> Printer.text(k, "createdAt"),
                                k -> Printer.text(k, "lastUsedAt"), k -> Printer.text(k, "revokedAt")));
            }
        }

        @Command(name = "revoke", description = "Revoke a key: it stops working at once.")
        static final class Revoke extends OnVendor {

            @Parameters(index = "1", paramLabel = "KEY_ID")
            String keyId;

            @Override
            protected void run() {
                JsonNode answer = api().delete("propagation", vendorPath(vendor) + "/api-keys/" + Http.encode(keyId));
                printer().print(answer, () -> out().println("API key " + keyId + " revoked."));
            }
        }
    }

    @Command(name = "test-notice", description = "Send a signed test notice to the vendor's enabled endpoints and show each answer.")
    static final class TestNotice extends OnVendor {

        @Override
        protected void run() {
            JsonNode result = api().post("propagation", vendorPath(vendor) + "/test-notice", null);
            printer().print(result, () -> {
                out().println("Test notice " + result.path("webhookId").asText() + " (" + result.path("type").asText() + "):");
                printer().table(result.path("endpoints"), List.of("endpoint", "delivered", "status", "ms", "url", "error"),
                        List.of(e -> Printer.text(e, "endpointId"), e -> Printer.text(e, "delivered"), e -> Printer.text(e, "status"),
                                e -> Printer.text(e, "millis"), e -> Printer.text(e, "url"), e -> Printer.text(e, "error")));
            });
            for (JsonNode endpoint : result.path("endpoints")) {
                if (!endpoint.path("delivered").asBoolean()) {
                    throw new CliException("Not every endpoint took the test notice: check the URL, that it answers 2xx, and that "
                            + "it verifies the signature with the vendor's current secret (docs/vendors.md).");
                }
            }
        }
    }
}
