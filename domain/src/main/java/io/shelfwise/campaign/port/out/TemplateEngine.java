package io.shelfwise.campaign.port.out;

import io.shelfwise.campaign.TemplateVocabulary;

/** Compiles message templates (Mustache syntax: {@code {{name}}}, {@code {{#products}}...{{/products}}}). */
public interface TemplateEngine {
    /**
     * Compiles {@code source}, checking its syntax and that it uses only the names of {@code vocabulary}.
     *
     * @throws io.shelfwise.common.ValidationException on {@code field}, naming the line and the fault, when the
     *                                                 syntax is bad or a placeholder is unknown
     */
    MessageTemplate compile(String field, String source, TemplateVocabulary vocabulary);
}
