package io.shelfwise.datasets;

import java.nio.file.Path;

/** A dataset file that does not hold what its format promises, with the place where it stops doing so. */
public final class DatasetFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetFormatException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
    }
}
