package io.shelfwise.onboarding.port.out;

import java.util.Map;
import java.util.Optional;

/** Where uploaded data files are kept until an onboarding reads them. */
public interface UploadStore {
    /** Creates an empty upload; returns its location, which the onboarding's data source reads. */
    String create(String id);

    /** The upload's location, if it exists. */
    Optional<String> location(String id);

    /** Each file of the upload and its size so far. */
    Map<String, Long> files(String id);

    /** Appends bytes at the end of the file, creating it when absent. */
    void append(String id, String file, byte[] bytes);
}
