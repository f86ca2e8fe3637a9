package io.shelfwise.adapters.messaging;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.DefaultMustacheVisitor;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheVisitor;
import com.github.mustachejava.ObjectHandler;
import com.github.mustachejava.TemplateContext;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import io.shelfwise.campaign.TemplateVocabulary;
import io.shelfwise.campaign.port.out.MessageTemplate;
import io.shelfwise.campaign.port.out.TemplateEngine;
import io.shelfwise.common.ValidationException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message templates in Mustache syntax, compiled with mustache.java and checked against the campaign's vocabulary.
 *
 * <p>Messages are plain text (SMS, Kakao, e-mail text), so values are written as they are, never HTML-escaped.
 * Templates stand alone: partials ({@code {{> name}}}), template inheritance ({@code {{< parent}}},
 * {@code {{$block}}}) and pragmas are refused, so compiling never reads a file or the classpath.
 */
public final class MustacheTemplateEngine implements TemplateEngine {
    /** The longest template source accepted, in characters. */
    public static final int MAX_TEMPLATE_LENGTH = 10_000;

    private static final Pattern UNCLOSED_SECTION = Pattern.compile("^Failed to close '(.*)' tag");
    private static final Pattern MISMATCHED_END = Pattern.compile("^Mismatched start/end tags: (.*) != (.*) in ");
    private static final Pattern IMPROPERLY_CLOSED = Pattern.compile("^Improperly closed variable");
    private static final Pattern EMPTY_TAG = Pattern.compile("^Empty mustache");
    private static final Pattern BAD_DELIMITER = Pattern.compile("^Invalid delimiter string");

    // Shared by every compiled template: it caches reflection look-ups and is safe for concurrent use.
    private final ObjectHandler objectHandler = new ReflectionObjectHandler();

    @Override
    public MessageTemplate compile(String field, String source, TemplateVocabulary vocabulary) {
        if (source == null) {
            throw ValidationException.of(field, "is required");
        }
        if (source.length() > MAX_TEMPLATE_LENGTH) {
            throw ValidationException.of(field, "is " + source.length() + " characters long; at most "
                    + MAX_TEMPLATE_LENGTH + " are allowed");
        }
        // A factory per compilation: its visitors record the line of every tag of this template only.
        PlainTextFactory factory = new PlainTextFactory(objectHandler);
        Mustache mustache;
        try {
            mustache = factory.compile(new StringReader(source), field);
        } catch (MustacheException e) {
            throw ValidationException.of(field, syntaxMessage(e));
        }
        new VocabularyCheck(field, vocabulary, factory.lines).check(mustache.getCodes(), null);
        // The compiled codes keep their factory; the line table is only needed for the check.
        factory.lines.clear();
        return new CompiledTemplate(mustache);
    }

    /** Turns mustache.java's parser message into one for the template's author, with the line when known. */
    private static String syntaxMessage(MustacheException e) {
        TemplateContext context = e.getContext();
        String onLine = context == null || context.line() <= 0 ? "" : " on line " + context.line();
        String raw = e.getMessage() == null ? "" : e.getMessage();
        if (context != null && raw.endsWith(" @" + context)) {
            raw = raw.substring(0, raw.length() - (" @" + context).length());
        }
        Matcher matcher;
        if ((matcher = UNCLOSED_SECTION.matcher(raw)).find()) {
            return "section '" + matcher.group(1) + "' opened" + onLine + " is never closed with {{/"
                    + matcher.group(1) + "}}";
        }
        if ((matcher = MISMATCHED_END.matcher(raw)).find()) {
            return "null".equals(matcher.group(1))
                    ? "{{/" + matcher.group(2) + "}}" + onLine + " closes no open section"
                    : "section '" + matcher.group(1) + "' is closed by {{/" + matcher.group(2) + "}}" + onLine;
        }
        if (IMPROPERLY_CLOSED.matcher(raw).find()) {
            return "a tag is not closed with }}" + onLine;
        }
        if (EMPTY_TAG.matcher(raw).find()) {
            return "empty tag {{}}" + onLine;
        }
        if (BAD_DELIMITER.matcher(raw).find()) {
            return "invalid delimiter change" + onLine;
        }
        return "invalid template" + onLine + ": " + raw;
    }

    /** Writes values unescaped and refuses every tag that would load another template. */
    private static final class PlainTextFactory extends DefaultMustacheFactory {
        // The line of each value and section tag, for the vocabulary check's messages.
        final Map<Code, Integer> lines = new IdentityHashMap<>();

        PlainTextFactory(ObjectHandler objectHandler) {
            // A resolver that finds nothing: no template is ever read from a file or the classpath.
            super(name -> null);
            setObjectHandler(objectHandler);
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public MustacheVisitor createMustacheVisitor() {
            return new DefaultMustacheVisitor(this) {
                @Override
                public void value(TemplateContext tc, String variable, boolean encoded) {
                    super.value(tc, variable, encoded);
                    recordLast(tc);
                }

                @Override
                public void iterable(TemplateContext tc, String variable, Mustache mustache) {
                    super.iterable(tc, variable, mustache);
                    recordLast(tc);
                }

                @Override
                public void notIterable(TemplateContext tc, String variable, Mustache mustache) {
                    super.notIterable(tc, variable, mustache);
                    recordLast(tc);
                }

                @Override
                public void partial(TemplateContext tc, String variable, String indent) {
                    throw new MustacheException("partials such as {{> " + variable + "}} are not supported", tc);
                }

                @Override
                public void dynamicPartial(TemplateContext tc, String variable, String indent) {
                    throw new MustacheException("partials such as {{> " + variable + "}} are not supported", tc);
                }

                @Override
                public void extend(TemplateContext tc, String variable, Mustache mustache) {
                    throw new MustacheException("template inheritance ({{< " + variable + "}}) is not supported", tc);
                }

                @Override
                public void name(TemplateContext tc, String variable, Mustache mustache) {
                    throw new MustacheException("blocks such as {{$" + variable + "}} are not supported", tc);
                }

                @Override
                public void checkName(TemplateContext tc, String variable, Mustache mustache) {
                    throw new MustacheException("{{?" + variable + "}} is not supported", tc);
                }

                @Override
                public void pragma(TemplateContext tc, String pragma, String args) {
                    throw new MustacheException("pragmas such as {{%" + pragma + "}} are not supported", tc);
                }

                private void recordLast(TemplateContext tc) {
                    lines.put(list.get(list.size() - 1), tc.line());
                }
            };
        }
    }

    /** Walks the compiled codes and refuses any name outside the vocabulary, naming its line. */
    private record VocabularyCheck(String field, TemplateVocabulary vocabulary, Map<Code, Integer> lines) {

        /**
         * @param codes   the codes of one level of the template
         * @param section the list section they are inside, or null at the top level and in sections that do not
         *                change the names in scope (conditionals on a plain name, inverted sections)
         */
        void check(Code[] codes, String section) {
            if (codes == null) {
                return;
            }
            for (Code code : codes) {
                switch (code) {
                    case NotIterableCode inverted -> {
                        requireKnown(inverted, section, true);
                        check(inverted.getCodes(), section);
                    }
                    case IterableCode iterable -> {
                        requireKnown(iterable, section, true);
                        // Inside a list section its items' names come into scope; a conditional keeps the outer ones.
                        String inner = vocabulary.sections().containsKey(iterable.getName())
                                ? iterable.getName() : section;
                        check(iterable.getCodes(), inner);
                    }
                    case ValueCode value -> requireKnown(value, section, false);
                    // Text, comments and the end-of-template marker carry no names.
                    default -> {
                    }
                }
            }
        }

        private void requireKnown(Code code, String section, boolean asSection) {
            String name = code.getName();
            boolean known = vocabulary.names().contains(name)
                    || (asSection && vocabulary.sections().containsKey(name))
                    || (section != null && vocabulary.sections().get(section).contains(name));
            if (known) {
                return;
            }
            Set<String> candidates = new TreeSet<>(vocabulary.names());
            if (asSection) {
                candidates.addAll(vocabulary.sections().keySet());
            }
            if (section != null) {
                candidates.addAll(vocabulary.sections().get(section));
            }
            Integer line = lines.get(code);
            throw ValidationException.of(field, "unknown placeholder '" + name + "'"
                    + (section == null ? "" : " inside {{#" + section + "}}")
                    + (line == null ? "" : " on line " + line)
                    + "; known: " + String.join(", ", candidates));
        }
    }

    /** A checked template; mustache.java's compiled templates are safe for concurrent rendering. */
    private record CompiledTemplate(Mustache mustache) implements MessageTemplate {
        @Override
        public String render(Map<String, Object> scope) {
            StringWriter out = new StringWriter();
            mustache.execute(out, scope == null ? Map.of() : scope);
            return out.toString();
        }
    }
}
