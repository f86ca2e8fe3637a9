package io.shelfwise.adapters.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** An onboarding's data under an S3 prefix, staged to a local directory, against s3proxy on loopback. */
class S3DataStagingTest {
    private static final String DATA_BUCKET = "store-exports";
    private static final TenantId SHOP = new TenantId("s3-shop");
    private static final RecordingInterceptor SENT = new RecordingInterceptor();

    private static LocalS3 localS3;
    private static S3Client s3;

    @TempDir
    Path staging;

    @BeforeAll
    static void startS3() throws Exception {
        localS3 = LocalS3.start(DATA_BUCKET);
        s3 = localS3.client(SENT);
        put("acme/2026-12/catalog.jsonl", "{\"id\":\"sku-1\",\"title\":\"Shoe\",\"inStock\":true}\n");
        put("acme/2026-12/events.jsonl", "{\"eventId\":\"e-1\",\"type\":\"view\",\"userId\":\"u-1\","
                + "\"itemIds\":[\"sku-1\"],\"timestamp\":\"2026-12-01T10:00:00Z\"}\n");
        put("acme/2026-12/notes.txt", "not a data file");
        put("acme/2026-12/old/events.jsonl", "a deeper prefix is not this export");
    }

    @AfterAll
    static void stopS3() {
        s3.close();
        localS3.close();
    }

    private static void put(String key, String text) {
        s3.putObject(PutObjectRequest.builder().bucket(DATA_BUCKET).key(key).build(), RequestBody.fromString(text));
    }

    @Test
    void the_data_files_under_the_prefix_are_downloaded_once_and_nothing_else() throws IOException {
        S3DataStaging stagingOf = new S3DataStaging(s3, staging);
        Path dir = Path.of(stagingOf.stage(SHOP, "s3://" + DATA_BUCKET + "/acme/2026-12"));
        assertEquals(staging.resolve("s3-shop").toAbsolutePath(), dir);
        assertTrue(Files.readString(dir.resolve("catalog.jsonl")).contains("sku-1"));
        assertTrue(Files.readString(dir.resolve("events.jsonl")).contains("e-1"));
        assertFalse(Files.exists(dir.resolve("notes.txt")));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
        SENT.clear();
        stagingOf.stage(SHOP, "s3://" + DATA_BUCKET + "/acme/2026-12/");
        assertEquals(java.util.List.of(), SENT.sent(software.amazon.awssdk.services.s3.model.GetObjectRequest.class),
                "staged files are not fetched again");
    }

    @Test
    void an_export_is_written_locally_then_published_under_the_prefix() throws IOException {
        S3DataStaging stagingOf = new S3DataStaging(s3, staging);
        String location = "s3://" + DATA_BUCKET + "/exports/acme";
        Path local = Path.of(stagingOf.exportDirectory(SHOP, location));
        assertTrue(local.startsWith(staging), local.toString());
        Files.createDirectories(local);
        Files.writeString(local.resolve("catalog.jsonl"), "{\"id\":\"sku-1\"}\n");
        Files.writeString(local.resolve("events.jsonl"), "{\"eventId\":\"e-1\"}\n");
        stagingOf.publish(SHOP, local.toString(), location);
        assertEquals(java.util.List.of("exports/acme/catalog.jsonl", "exports/acme/events.jsonl"),
                s3.listObjectsV2(r -> r.bucket(DATA_BUCKET).prefix("exports/")).contents().stream()
                        .map(software.amazon.awssdk.services.s3.model.S3Object::key).sorted().toList());
        try (var left = Files.list(local)) {
            assertEquals(0, left.count(), "the local copy goes once it is published");
        }
        assertEquals("/tmp/x", stagingOf.exportDirectory(SHOP, "/tmp/x"), "a local export is written in place");
    }

    @Test
    void a_local_location_passes_through_and_a_prefix_without_data_is_refused() {
        S3DataStaging stagingOf = new S3DataStaging(s3, staging);
        assertEquals("/data/acme", stagingOf.stage(SHOP, "/data/acme"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> stagingOf.stage(SHOP, "s3://" + DATA_BUCKET + "/nothing-here"));
        assertTrue(empty.getMessage().contains("no data file"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> stagingOf.stage(SHOP, "s3://Bad_Bucket"));
    }
}
