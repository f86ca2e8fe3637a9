package io.shelfwise.app.web;

import io.shelfwise.common.LimitExceededException;
import io.shelfwise.common.LimitExceededException.Kind;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;

/**
 * What a request body must be before any of it is parsed: UTF-8 (RFC 8259 JSON; a UTF-16 or UTF-32 body or a
 * charset parameter naming another encoding is refused) and at most a limit of bytes actually read, whatever the
 * framing: a chunked body has no {@code Content-Length} to check up front.
 */
final class RequestBody {
    private static final int HEAD = 4;

    private RequestBody() {
    }

    /** The body stream to parse: bounded to {@code maxBytes}, after its encoding was checked. */
    static InputStream guard(InputStream body, MediaType type, long maxBytes) throws IOException {
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.toUpperCase(Locale.ROOT).replace("-", "").equals("UTF8")) {
            throw new NotSupportedException("send the body as UTF-8 encoded JSON, not " + charset);
        }
        PushbackInputStream in = new PushbackInputStream(new Bounded(body, maxBytes), HEAD);
        byte[] head = in.readNBytes(HEAD);
        if (notUtf8(head)) {
            throw new NotSupportedException("send the body as UTF-8 encoded JSON; this one looks like UTF-16 or UTF-32");
        }
        in.unread(head);
        return in;
    }

    /** UTF-16 and UTF-32 show a byte-order mark or a zero byte in the first characters; JSON in UTF-8 never does. */
    private static boolean notUtf8(byte[] head) {
        if (head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF)
                || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            return true;
        }
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    static LimitExceededException tooLarge(long maxBytes) {
        return new LimitExceededException(Kind.REQUEST_SIZE, null,
                "the body has more than " + maxBytes + " bytes; at most " + maxBytes + " are accepted", null);
    }

    /**
     * Fails the read that would pass the limit, so no more than the limit is ever buffered or parsed. The server's own
     * failures while reading (its hard size backstop, a malformed chunk) become the same client errors, and once a
     * read failed, closing is left to the server, which drains or drops the connection: reading on would parse body
     * bytes as chunk headers.
     */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private long count;
        private boolean failed;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = guarded(super::read);
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = guarded(() -> super.read(buffer, offset, length));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = guarded(() -> (int) super.skip(Math.min(n, 8192)));
            counted(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            if (!failed) {
                super.close();
            }
        }

        private void counted(long n) {
            count += n;
            if (count > max) {
                failed = true;
                throw tooLarge(max);
            }
        }

        private int guarded(Read read) throws IOException {
            try {
                return read.next();
            } catch (RequestException e) {
                failed = true;
                throw e.status().code() == 413 ? tooLarge(max) : e;
            } catch (HttpException e) {
                failed = true;
                throw e.status().code() == 413 ? tooLarge(max) : e;
            } catch (DataReader.InsufficientDataAvailableException e) {
                failed = true;
                throw new BadRequestException("the body ended before its announced length (the client hung up)");
            } catch (NumberFormatException e) {
                failed = true;
                throw new BadRequestException("the chunked body framing is malformed (a chunk size is not a hex"
                        + " number)");
            }
        }
    }

    @FunctionalInterface
    private interface Read {
        int next() throws IOException;
    }
}
