package io.shelfwise.datasets;

import java.nio.file.Path;

/** Parsing of the numeric fields that public dataset files share, failing with the file and line. */
final class Fields {
    private Fields() {
    }

    static long number(Path file, long line, String column, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new DatasetFormatException(file, line, column + " '" + value + "' is not a whole number");
        }
    }

    /** A numeric id as text: digits only, so it is always a valid item or user id. */
    static String id(Path file, long line, String column, String value) {
        long n = number(file, line, column, value);
        if (n < 0) {
            throw new DatasetFormatException(file, line, column + " must not be negative");
        }
        return Long.toString(n);
    }
}
