package io.shelfwise.adapters.sql;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)}: every value quoted (so an empty string stays
 * empty), {@code null} as an unquoted empty field, which CSV COPY reads as NULL.
 */
final class CsvRows {
    private CsvRows() {
    }

    /** Appends one row of {@code values} (strings, numbers or null) and its line end. */
    static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = values[i];
            if (value == null) {
                continue;
            }
            if (value instanceof Number) {
                out.append(value);
                continue;
            }
            String text = value.toString();
            out.append('"');
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (ch == '"') {
                    out.append('"');
                }
                out.append(ch);
            }
            out.append('"');
        }
        out.append('\n');
    }

    /** Copies {@code rows} into {@code tableAndColumns} on the handle's connection, inside its transaction. */
    static long copyIn(Handle h, String tableAndColumns, CharSequence rows) {
        try {
            return h.getConnection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + tableAndColumns + " FROM STDIN (FORMAT csv)", new StringReader(rows.toString()));
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
