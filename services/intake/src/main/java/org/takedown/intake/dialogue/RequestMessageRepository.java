package org.takedown.intake.dialogue;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RequestMessageRepository implements PanacheRepositoryBase<RequestMessage, UUID> {

    public Optional<RequestMessage> latest(UUID requestId, RequestMessage.Kind kind) {
        return find("requestId = ?1 and kind = ?2 order by createdAt desc", requestId, kind).firstResultOptional();
    }

    public Optional<RequestMessage> ofRequest(UUID requestId, UUID messageId) {
        return messageId == null ? Optional.empty()
                : findByIdOptional(messageId).filter(message -> message.requestId.equals(requestId));
    }

    public List<RequestMessage> allOf(UUID requestId) {
        return list("requestId = ?1 order by createdAt", requestId);
    }
}
