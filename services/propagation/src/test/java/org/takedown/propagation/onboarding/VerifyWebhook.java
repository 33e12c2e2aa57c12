package org.takedown.propagation.onboarding;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.util.List;
import java.util.Map;

/** The Java snippet of docs/vendors.md, compiled here and run against real deliveries by {@code OnboardingKitIT}. */
public final class VerifyWebhook {

    private VerifyWebhook() {
    }

    // vendors.md:begin
    /**
     * Answers the notice's body if the delivery is signed with your secret ({@code whsec_…}), else throws: check it
     * before you act on a notice. {@code headers} are the request's headers (webhook-id, webhook-timestamp,
     * webhook-signature); the body exactly as received, not parsed and re-serialised.
     */
    public static String verifiedBody(String secret, String body, Map<String, List<String>> headers)
            throws WebhookVerificationException {
        new Webhook(secret).verify(body, headers); // also refuses timestamps more than 5 minutes off
        return body;
    }
    // vendors.md:end
}
