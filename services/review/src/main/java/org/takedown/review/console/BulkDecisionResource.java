package org.takedown.review.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.takedown.review.cases.CaseActions;
import org.takedown.review.cases.ReviewCase;
import org.takedown.review.cases.Reviewer;
import org.takedown.web.ProblemException;
import org.takedown.web.security.Roles;

/**
 * Deciding the items of one site in many cases at once, from the queue filtered by that site. Each case is decided on
 * its own, exactly as its page would decide it: with the version the queue showed, the same roles and four-eyes rule,
 * its own audit line and its own {@code ReviewDecided} (or proposal), in its own transaction; one refused case (changed
 * meanwhile, decided already, an appeal of one's own denial) is reported and leaves the others decided.
 */
@Path("/console/bulk")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Console", description = "The reviewer console (HTML pages, browser login)")
public class BulkDecisionResource {

    private static final Logger LOG = Logger.getLogger(BulkDecisionResource.class);

    /** At most one queue page of cases per post. */
    static final int MAX_CASES = ConsoleViews.QUEUE_LIMIT;

    /** What happened to one selected case: {@code outcome} the case's status and outcome, or why it was refused. */
    public record CaseResult(UUID caseId, int items, boolean done, String outcome) {

        public String shortId() {
            return caseId.toString().substring(0, 8);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance result(String site, List<CaseResult> results, long decided, long refused, String user);
    }

    private final ConsoleViews views;
    private final CaseActions actions;
    private final Reviewer reviewer;

    BulkDecisionResource(ConsoleViews views, CaseActions actions, Reviewer reviewer) {
        this.views = views;
        this.actions = actions;
        this.reviewer = reviewer;
    }

    @POST
    @Path("/approve")
    @RolesAllowed(Roles.REVIEWER)
    @Operation(summary = "Approve the items of one site in each ticked case (form post from the queue filtered by site)")
    public TemplateInstance approve(@RestForm String site, @RestForm("case") List<String> selected) {
        String host = ConsoleResource.parseSite(site);
        if (host == null) {
            throw ProblemException.invalidField("site", "name the site whose items to approve");
        }
        Map<UUID, Long> versions = parseSelection(selected);
        List<CaseResult> results = new ArrayList<>();
        for (Map.Entry<UUID, Long> chosen : versions.entrySet()) {
            results.add(approveOne(chosen.getKey(), chosen.getValue(), host));
        }
        long decided = results.stream().filter(CaseResult::done).count();
        LOG.infof("bulk approval of site items: %d cases decided or proposed, %d refused", decided, results.size() - decided);
        return Templates.result(host, results, decided, results.size() - decided, reviewer.currentId());
    }

    private CaseResult approveOne(UUID caseId, long version, String site) {
        try {
            List<String> items = views.itemsOn(caseId, site);
            if (items.isEmpty()) {
                return new CaseResult(caseId, 0, false, "the case has no item on " + site);
            }
            ReviewCase decided = actions.decide(caseId, true, items, null, version, null);
            String outcome = decided.status == ReviewCase.Status.PROPOSED
                    ? "proposed: a second reviewer with senior-reviewer must confirm it"
                    : decided.outcome.name();
            return new CaseResult(caseId, items.size(), true, outcome);
        } catch (ProblemException e) {
            return new CaseResult(caseId, 0, false, e.getMessage());
        }
    }

    /** Each ticked case as {@code <case id>:<version the queue showed>}; nothing ticked, or too much, is refused. */
    static Map<UUID, Long> parseSelection(List<String> selected) {
        if (selected == null || selected.isEmpty()) {
            throw ProblemException.invalidField("case", "tick at least one case");
        }
        if (selected.size() > MAX_CASES) {
            throw ProblemException.invalidField("case", "at most " + MAX_CASES + " cases at once");
        }
        Map<UUID, Long> versions = new LinkedHashMap<>();
        for (String one : selected) {
            int colon = one == null ? -1 : one.indexOf(':');
            try {
                versions.put(UUID.fromString(one.substring(0, colon)), Long.parseLong(one.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw ProblemException.invalidField("case", "each ticked case is <case id>:<version>; reload the queue");
            }
        }
        return versions;
    }
}
