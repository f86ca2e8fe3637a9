package io.shelfwise.onboarding.port.in;

import io.shelfwise.onboarding.Upload;

/** Operator use case: send a store's data files for an onboarding, in pieces of at most a request body each. */
public interface UploadData {
    Upload create();

    Upload get(String id);

    /**
     * Appends {@code piece} to {@code file} of the upload at {@code offset}, which must be the bytes received so far;
     * a piece sent again (its end at or before that) changes nothing, so a client may retry any piece.
     */
    Upload append(String id, String file, long offset, byte[] piece);
}
