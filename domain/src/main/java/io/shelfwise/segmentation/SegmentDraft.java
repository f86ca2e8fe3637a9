package io.shelfwise.segmentation;

import io.shelfwise.common.Checks;
import io.shelfwise.common.ValidationException;
import java.util.Map;

/** A segment as a tenant writes it: name, optional description, and the JSON definition. */
public record SegmentDraft(String name, String description, Map<String, Object> definition) {

    /** Checks every field; returns the rule the definition stands for. */
    public SegmentRule validate() {
        Checks checks = Checks.start().text("name", name, 200).optionalText("description", description, 2000);
        SegmentRule rule = null;
        try {
            rule = SegmentDefinitions.parse("definition", definition);
        } catch (ValidationException e) {
            checks.nested("", e);
        }
        checks.orThrow();
        return rule;
    }
}
