package io.shelfwise.archfixture.bad.app;

/** The app's settings; domain and adapters depending on it are the violations. */
public record AppConfig(String dataDirectory, int maxItems) {
}
