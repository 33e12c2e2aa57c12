package org.takedown.verification.completeness;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.takedown.events.ClaimType;
import org.takedown.events.RequestSubmitted;

/**
 * Legal completeness per claim type, as data: which named elements each claim type's statements
 * must supply (e.g. the six elements of a DMCA §512(c)(3) notice for {@code COPYRIGHT}).
 */
@ApplicationScoped
public class ElementRules {

    private final Map<String, List<String>> required;

    @Inject
    ElementRules(CompletenessConfig config) {
        this(config.requiredElements());
    }

    public ElementRules(Map<String, List<String>> required) {
        this.required = Map.copyOf(required);
    }

    /**
     * The required elements the request lacks, in the configured order; empty when the producer
     * did not report elements at all (events from before the field existed are not held back).
     */
    public Optional<List<String>> missing(RequestSubmitted request) {
        if (request.statementElements() == null) {
            return Optional.empty();
        }
        Set<String> supplied = new HashSet<>(request.statementElements());
        List<String> missing = requiredFor(request.claimType()).stream()
                .filter(element -> !supplied.contains(element))
                .toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of(missing);
    }

    public List<String> requiredFor(ClaimType claimType) {
        return required.getOrDefault(claimType.name(), List.of());
    }
}
