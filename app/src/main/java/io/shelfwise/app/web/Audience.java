package io.shelfwise.app.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource class. The authentication filter decides by the resource Jersey actually matched,
 * never by the raw path, so no spelling of a URL can reach a resource with the wrong credential.
 * A resource without this annotation is tenant API.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Audience {
    Caller value();

    /** The kinds of caller. */
    enum Caller {
        /** Anyone, without credentials. */
        PUBLIC,
        /** The platform operator, with the operator token. */
        OPERATOR,
        /** A tenant, with one of its API keys. */
        TENANT
    }
}
