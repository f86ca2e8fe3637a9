package io.shelfwise.sdk.error;

import java.io.IOException;

/** The request failed on the way: connection refused or reset, timeout, TLS failure. */
public final class NetworkException extends ShelfwiseException {

    public NetworkException(String message, IOException cause) {
        super(message, null, cause);
    }
}
