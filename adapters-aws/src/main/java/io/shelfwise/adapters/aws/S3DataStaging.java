package io.shelfwise.adapters.aws;

import io.shelfwise.onboarding.port.out.DataStaging;
import io.shelfwise.tenancy.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Downloads an onboarding's data files from {@code s3://bucket/prefix} (the data files directly under the prefix:
 * {@code catalog.*}, {@code events.*}, {@code item_properties*.csv}) into a staging directory per tenant, once: a
 * file already there with the object's size is not fetched again, so a retried import downloads nothing twice.
 */
public final class S3DataStaging implements DataStaging {
    private static final Pattern S3 = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/?(.*)");
    private static final Pattern DATA_FILE =
            Pattern.compile("(catalog|events)\\.(jsonl|csv)|item_properties[A-Za-z0-9_]{0,40}\\.csv");

    private final S3Client s3;
    private final Path stagingRoot;

    public S3DataStaging(S3Client s3, Path stagingRoot) {
        this.s3 = s3;
        this.stagingRoot = stagingRoot;
    }

    @Override
    public String exportDirectory(TenantId tenant, String location) {
        if (!location.startsWith("s3://")) {
            return location;
        }
        return stagingRoot.resolve("exports").resolve(tenant.value()).toAbsolutePath().toString();
    }

    @Override
    public void publish(TenantId tenant, String localDirectory, String location) {
        if (!location.startsWith("s3://")) {
            return;
        }
        Matcher m = S3.matcher(location);
        if (!m.matches()) {
            throw new IllegalArgumentException("the export location " + location + " is not s3://bucket/prefix");
        }
        String prefix = m.group(2).isEmpty() || m.group(2).endsWith("/") ? m.group(2) : m.group(2) + "/";
        try (var files = Files.list(Path.of(localDirectory))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                s3.putObject(PutObjectRequest.builder().bucket(m.group(1)).key(prefix + file.getFileName()).build(),
                        RequestBody.fromFile(file));
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the export to " + location, e);
        }
    }

    @Override
    public String stage(TenantId tenant, String location) {
        if (!location.startsWith("s3://")) {
            return location;
        }
        Matcher m = S3.matcher(location);
        if (!m.matches()) {
            throw new IllegalArgumentException("the data location " + location + " is not s3://bucket/prefix");
        }
        String bucket = m.group(1);
        String prefix = m.group(2).isEmpty() || m.group(2).endsWith("/") ? m.group(2) : m.group(2) + "/";
        Path dir = stagingRoot.resolve(tenant.value());
        try {
            Files.createDirectories(dir);
            int found = 0;
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket)
                    .prefix(prefix).build()).contents()) {
                String name = object.key().substring(prefix.length());
                if (!DATA_FILE.matcher(name).matches()) {
                    continue;
                }
                found++;
                Path file = dir.resolve(name);
                if (Files.exists(file) && Files.size(file) == object.size()) {
                    continue;
                }
                Path partial = dir.resolve(name + ".part");
                Files.deleteIfExists(partial);
                s3.getObject(GetObjectRequest.builder().bucket(bucket).key(object.key()).build(),
                        ResponseTransformer.toFile(partial));
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            if (found == 0) {
                throw new IllegalArgumentException("no data file (catalog.jsonl, events.jsonl, catalog.csv, events.csv,"
                        + " item_properties*.csv) under " + location);
            }
            return dir.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + location, e);
        }
    }
}
