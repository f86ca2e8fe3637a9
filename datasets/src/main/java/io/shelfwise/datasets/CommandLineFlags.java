package io.shelfwise.datasets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} pairs of a command line, checked against the flags a tool knows, with typed reads that
 * name the flag when a value is wrong. Every error is an {@link IllegalArgumentException} whose message can be
 * shown to the user as it is.
 */
public final class CommandLineFlags {
    private final Map<String, String> values;

    private CommandLineFlags(Map<String, String> values) {
        this.values = values;
    }

    public static CommandLineFlags parse(Set<String> known, String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value pairs, got '" + flag + "'");
            }
            if (!known.contains(flag.substring(2))) {
                throw new IllegalArgumentException("unknown flag " + flag);
            }
            values.put(flag.substring(2), args[++i]);
        }
        return new CommandLineFlags(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A whole number (underscores allowed: {@code 1_000_000}) in {@code [min, max]}. */
    public long number(String name, long fallback, long min, long max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return n;
    }

    public long number(String name, long fallback) {
        return number(name, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public double decimal(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got '" + value + "'");
        }
    }
}
