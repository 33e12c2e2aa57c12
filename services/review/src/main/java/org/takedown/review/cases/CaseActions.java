package org.takedown.review.cases;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.takedown.review.claimant.ClaimantMessages;
import org.takedown.review.claimant.MessageKind;

/**
 * The actions that may carry a message to the claimant, for the API and the console alike. In order:
 * everything that would refuse the action is checked first (so that a stale or repeated form stores no
 * message), then the message is stored in intake (as the person acting), then the case changes and its
 * event is published in one transaction, which checks the version again. A message whose action then
 * fails stays unreferenced in intake, where nobody sees it: intake shows messages named by events.
 */
@ApplicationScoped
public class CaseActions {

    private final ReviewService review;
    private final CaseWorkflow workflow;
    private final ClaimantMessages messages;
    private final Reviewer reviewer;

    CaseActions(ReviewService review, CaseWorkflow workflow, ClaimantMessages messages, Reviewer reviewer) {
        this.review = review;
        this.workflow = workflow;
        this.messages = messages;
        this.reviewer = reviewer;
    }

    public ReviewCase decide(UUID caseId, boolean approve, List<String> itemIds, String reasonCode, Long version, String message) {
        String me = reviewer.currentId();
        String text = approve ? null : ClaimantMessages.checkedText("message", message);
        UUID messageId = null;
        if (text != null) {
            if (reasonCode == null || reasonCode.isBlank()) {
                throw org.takedown.web.ProblemException.invalidField("reasonCode", "a denial needs a reason code");
            }
            ReviewCase reviewCase = review.checkDecidable(caseId, version, me);
            messageId = messages.send(reviewCase.requestId, reviewCase.appeal ? MessageKind.APPEAL_DECISION : MessageKind.DENIAL,
                    text);
        }
        return review.decide(caseId, approve, itemIds, reasonCode, version, me, messageId);
    }

    public ReviewCase requestInformation(UUID caseId, Long version, List<String> reasonCodes, String message) {
        String text = ClaimantMessages.checkedText("message", message);
        ReviewCase reviewCase = workflow.checkInformationRequest(caseId, version, reasonCodes);
        UUID messageId = messages.send(reviewCase.requestId, MessageKind.INFORMATION_REQUEST, text);
        return workflow.requestInformation(caseId, version, reasonCodes, messageId);
    }

    public ReviewCase extendDeadline(UUID caseId, Long version, String reasonCode, int months, String message) {
        String text = ClaimantMessages.checkedText("message", message);
        ReviewCase reviewCase = workflow.checkExtension(caseId, version, reasonCode, months);
        UUID messageId = messages.send(reviewCase.requestId, MessageKind.DEADLINE_EXTENSION, text);
        return workflow.extendDeadline(caseId, version, reasonCode, months, messageId);
    }

    public ReviewCase reverse(UUID caseId, Long version, String reasonCode, String message) {
        String text = ClaimantMessages.checkedText("message", message);
        ReviewCase reviewCase = workflow.checkReversal(caseId, version, reasonCode);
        UUID messageId = messages.send(reviewCase.requestId, MessageKind.REVERSAL, text);
        return workflow.reverse(caseId, version, reasonCode, messageId);
    }
}
