package io.shelfwise.adapters.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.campaign.TemplateVocabulary;
import io.shelfwise.campaign.port.out.MessageTemplate;
import io.shelfwise.common.FieldError;
import io.shelfwise.common.ValidationException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MustacheTemplateEngineTest {
    private static final TemplateVocabulary VOCABULARY = new TemplateVocabulary(
            Set.of("shopper.firstName", "coupon.code", "store.name"),
            Map.of("products", Set.of("title", "price", "url")));

    private final MustacheTemplateEngine engine = new MustacheTemplateEngine();

    private static Map<String, Object> scope() {
        return Map.of(
                "shopper", Map.of("firstName", "Mina"),
                "coupon", Map.of("code", "SAVE10"),
                "store", Map.of("name", "A & B"),
                "products", List.of(
                        Map.of("title", "Linen shirt", "price", new BigDecimal("39.90"), "url", "https://s.example/1"),
                        Map.of("title", "Wool <socks>", "price", new BigDecimal("9.50"), "url", "https://s.example/2")));
    }

    private static FieldError onlyError(ValidationException e) {
        assertEquals(1, e.errors().size(), e.errors().toString());
        return e.errors().get(0);
    }

    @Test
    void renders_dotted_names_and_product_sections() {
        MessageTemplate template = engine.compile("body", """
                Hi {{shopper.firstName}}, picks for you:
                {{#products}}
                - {{title}} {{price}} {{url}}
                {{/products}}
                Code: {{coupon.code}}""", VOCABULARY);

        assertEquals("""
                Hi Mina, picks for you:
                - Linen shirt 39.90 https://s.example/1
                - Wool <socks> 9.50 https://s.example/2
                Code: SAVE10""", template.render(scope()));
    }

    @Test
    void values_are_written_without_html_escaping() {
        MessageTemplate template = engine.compile("body", "{{store.name}} {{#products}}{{title}};{{/products}}",
                VOCABULARY);

        assertEquals("A & B Linen shirt;Wool <socks>;", template.render(scope()));
    }

    @Test
    void a_missing_value_renders_empty() {
        MessageTemplate template = engine.compile("body", "Hi {{shopper.firstName}}!{{coupon.code}}", VOCABULARY);

        assertEquals("Hi !", template.render(Map.of()));
        assertEquals("Hi !", template.render(Map.of("shopper", Map.of())));
    }

    @Test
    void top_level_names_and_conditionals_are_usable_inside_a_section() {
        MessageTemplate template = engine.compile("body",
                "{{#products}}{{shopper.firstName}}: {{title}}{{#coupon.code}} ({{coupon.code}}){{/coupon.code}}\n"
                        + "{{/products}}{{^products}}nothing for {{shopper.firstName}}{{/products}}",
                VOCABULARY);

        assertEquals("Mina: Linen shirt (SAVE10)\nMina: Wool <socks> (SAVE10)\n", template.render(scope()));
        assertEquals("nothing for Mina",
                template.render(Map.of("shopper", Map.of("firstName", "Mina"), "products", List.of())));
    }

    @Test
    void an_unknown_placeholder_is_refused_naming_field_placeholder_and_line() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("steps[0].body",
                "Hello!\nHi {{shoper.firstName}}", VOCABULARY));

        FieldError error = onlyError(e);
        assertEquals("steps[0].body", error.field());
        assertTrue(error.message().startsWith("unknown placeholder 'shoper.firstName' on line 2; known: "),
                error.message());
        assertTrue(error.message().contains("coupon.code, shopper.firstName, store.name"), error.message());
    }

    @Test
    void names_inside_a_section_are_checked_against_that_sections_vocabulary() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body",
                "{{#products}}\n{{title}}\n{{imageUrl}}\n{{/products}}", VOCABULARY));

        String message = onlyError(e).message();
        assertTrue(message.startsWith("unknown placeholder 'imageUrl' inside {{#products}} on line 3"), message);
        assertTrue(message.contains("price") && message.contains("title"), message);
    }

    @Test
    void a_section_name_is_not_usable_outside_its_section() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body",
                "{{title}}", VOCABULARY));

        assertTrue(onlyError(e).message().startsWith("unknown placeholder 'title' on line 1"), e.getMessage());
    }

    @Test
    void an_unknown_section_is_refused() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body",
                "{{#items}}{{title}}{{/items}}", VOCABULARY));

        assertTrue(onlyError(e).message().startsWith("unknown placeholder 'items' on line 1"), e.getMessage());
    }

    @Test
    void an_unclosed_section_is_refused_with_its_line() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body",
                "Hi\n{{#products}}{{title}}\n", VOCABULARY));

        FieldError error = onlyError(e);
        assertEquals("body", error.field());
        assertEquals("section 'products' opened on line 2 is never closed with {{/products}}", error.message());
    }

    @Test
    void a_mismatched_closing_tag_is_refused() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body",
                "{{#products}}{{title}}{{/product}}", VOCABULARY));

        assertEquals("section 'products' is closed by {{/product}} on line 1", onlyError(e).message());
    }

    @Test
    void an_unclosed_tag_is_refused() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body",
                "Hi {{shopper.firstName", VOCABULARY));

        assertEquals("a tag is not closed with }} on line 1", onlyError(e).message());
    }

    @Test
    void partials_are_refused_without_being_looked_up() {
        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body",
                "Hi\n{{> /etc/passwd}}", VOCABULARY));

        FieldError error = onlyError(e);
        assertEquals("body", error.field());
        assertTrue(error.message().contains("partials"), error.message());
        assertTrue(error.message().contains("line 2"), error.message());
    }

    @Test
    void template_inheritance_is_refused() {
        assertThrows(ValidationException.class, () -> engine.compile("body", "{{<base}}{{/base}}", VOCABULARY));
        assertThrows(ValidationException.class, () -> engine.compile("body", "{{$block}}x{{/block}}", VOCABULARY));
    }

    @Test
    void a_template_longer_than_the_limit_is_refused() {
        String source = "x".repeat(MustacheTemplateEngine.MAX_TEMPLATE_LENGTH + 1);

        ValidationException e = assertThrows(ValidationException.class, () -> engine.compile("body", source,
                VOCABULARY));

        assertEquals("body", onlyError(e).field());
        engine.compile("body", "x".repeat(MustacheTemplateEngine.MAX_TEMPLATE_LENGTH), VOCABULARY);
    }

    @Test
    void a_compiled_template_renders_concurrently() throws Exception {
        MessageTemplate template = engine.compile("body", "{{shopper.firstName}}:{{#products}}{{title}},{{/products}}",
                VOCABULARY);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = "shopper" + i;
                results.add(pool.submit(() -> template.render(Map.of("shopper", Map.of("firstName", name),
                        "products", List.of(Map.of("title", name + "-item"))))));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals("shopper" + i + ":shopper" + i + "-item,", results.get(i).get());
            }
        }
    }
}
