package io.shelfwise.campaign;

import java.util.Map;
import java.util.Set;

/**
 * The placeholders a message template may use: {@code names} at the top level (dotted, such as
 * {@code shopper.firstName}), and per list section (such as {@code products}) the names usable inside it.
 */
public record TemplateVocabulary(Set<String> names, Map<String, Set<String>> sections) {
    public TemplateVocabulary {
        names = Set.copyOf(names);
        sections = Map.copyOf(sections);
    }
}
