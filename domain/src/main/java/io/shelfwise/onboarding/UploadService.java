package io.shelfwise.onboarding;

import io.shelfwise.common.ConflictException;
import io.shelfwise.common.NotFoundException;
import io.shelfwise.common.ValidationException;
import io.shelfwise.onboarding.port.in.UploadData;
import io.shelfwise.onboarding.port.out.UploadStore;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Receives data files piece by piece, each piece at the offset the file has reached, so retries are safe. */
public final class UploadService implements UploadData {
    /** The file names the data source reads; nothing else may be uploaded. */
    static final Pattern FILE = Pattern.compile("(catalog|events)\\.(jsonl|csv)|item_properties[A-Za-z0-9_]{0,40}\\.csv");
    private static final Pattern ID = Pattern.compile("upl-[0-9a-f-]{36}");

    private final UploadStore store;
    private final Supplier<UUID> ids;

    public UploadService(UploadStore store, Supplier<UUID> ids) {
        this.store = store;
        this.ids = ids;
    }

    @Override
    public Upload create() {
        String id = "upl-" + ids.get();
        String location = store.create(id);
        return new Upload(id, location, store.files(id));
    }

    @Override
    public Upload get(String id) {
        String location = location(id);
        return new Upload(id, location, store.files(id));
    }

    @Override
    public synchronized Upload append(String id, String file, long offset, byte[] piece) {
        String location = location(id);
        if (file == null || !FILE.matcher(file).matches()) {
            throw ValidationException.of("file", "must be catalog.jsonl, events.jsonl, catalog.csv, events.csv or"
                    + " item_properties*.csv, not '" + file + "'");
        }
        if (offset < 0) {
            throw ValidationException.of("offset", "must be 0 or more");
        }
        long size = store.files(id).getOrDefault(file, 0L);
        if (offset + piece.length <= size) {
            // Sent before: keep what arrived the first time.
            return new Upload(id, location, store.files(id));
        }
        if (offset > size) {
            throw new ConflictException(file + " has " + size + " bytes; send the piece at offset " + size
                    + " next, not " + offset);
        }
        store.append(id, file, Arrays.copyOfRange(piece, (int) (size - offset), piece.length));
        return new Upload(id, location, store.files(id));
    }

    private String location(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new NotFoundException("upload", String.valueOf(id));
        }
        return store.location(id).orElseThrow(() -> new NotFoundException("upload", id));
    }
}
