package io.shelfwise.adapters.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.shelfwise.onboarding.port.out.InitialData;
import io.shelfwise.tenancy.TenantId;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * A store's initial data in a local directory (embedded mode): {@code catalog.jsonl} and {@code events.jsonl}, one
 * JSON object per line as the API takes it (unknown fields refused, as by the API); or, when those are absent, our
 * own CSV layout or RetailRocket's ({@link CsvInitialData}).
 */
public final class LocalDirectoryInitialData implements InitialData {
    static final String CATALOG = "catalog.jsonl";
    static final String EVENTS = "events.jsonl";

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Override
    public Rows<ItemRow> catalog(TenantId tenant, String location) {
        Path dir = directory(location);
        if (!Files.exists(dir.resolve(CATALOG)) && Files.exists(dir.resolve(CsvInitialData.CATALOG))) {
            return CsvInitialData.catalog(dir.resolve(CsvInitialData.CATALOG));
        }
        if (!Files.exists(dir.resolve(CATALOG)) && CsvInitialData.isRetailRocket(dir)) {
            return CsvInitialData.retailRocketCatalog(dir);
        }
        return rows(dir.resolve(CATALOG), json.readerFor(ItemRow.class));
    }

    @Override
    public Rows<EventRow> events(TenantId tenant, String location) {
        Path dir = directory(location);
        if (!Files.exists(dir.resolve(EVENTS)) && Files.exists(dir.resolve(CsvInitialData.EVENTS))) {
            return CsvInitialData.isRetailRocket(dir) ? CsvInitialData.retailRocketEvents(dir.resolve(
                    CsvInitialData.EVENTS)) : CsvInitialData.events(dir.resolve(CsvInitialData.EVENTS));
        }
        return rows(dir.resolve(EVENTS), json.readerFor(EventRow.class));
    }

    private static Path directory(String location) {
        Path dir = Path.of(location);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the data location " + location + " is not a readable directory");
        }
        return dir;
    }

    /** The rows of {@code file}, in a directory already checked; none when the file is absent. */
    private static <T> Rows<T> rows(Path file, ObjectReader reader) {
        if (!Files.exists(file)) {
            return new FileRows<>(null, 0, reader);
        }
        try {
            return new FileRows<>(Files.newInputStream(file), Files.size(file), reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The lines of one file, parsed one at a time. */
    private static final class FileRows<T> implements Rows<T> {
        private final Counting counted;
        private final BufferedReader lines;
        private final long size;
        private final ObjectReader reader;
        private long lineNumber;
        private String next;

        FileRows(InputStream in, long size, ObjectReader reader) {
            this.counted = in == null ? null : new Counting(in);
            this.lines = counted == null ? null
                    : new BufferedReader(new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
            this.size = size;
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            if (lines == null) {
                return false;
            }
            try {
                while (next == null) {
                    String line = lines.readLine();
                    if (line == null) {
                        return false;
                    }
                    lineNumber++;
                    if (!line.isBlank()) {
                        next = line;
                    }
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Row<T> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String line = next;
            next = null;
            try {
                return new Row<>(lineNumber, reader.readValue(line), null, null);
            } catch (JsonMappingException mapping) {
                String field = mapping.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
                return new Row<>(lineNumber, null, field.isEmpty() ? null : field.replace(".[", "["),
                        firstLine(mapping.getOriginalMessage()));
            } catch (JsonProcessingException syntax) {
                return new Row<>(lineNumber, null, null, "not a JSON object: " + firstLine(syntax.getOriginalMessage()));
            }
        }

        @Override
        public long bytesRead() {
            return counted == null ? 0 : counted.count;
        }

        @Override
        public long totalBytes() {
            return size;
        }

        @Override
        public void close() {
            if (lines != null) {
                try {
                    lines.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The first line of a parser's message: what a row report needs, without the parser's source dump. */
    static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
