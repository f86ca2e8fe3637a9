package io.shelfwise.archfixture.bad.adapters.sql;

import io.shelfwise.archfixture.bad.adapters.aws.S3ProductImages;

/** Breaks rule 2: the SQL edge calls the AWS edge directly. */
public final class SqlProductRows {
    private final S3ProductImages images = new S3ProductImages();

    public int count() {
        return images.keys().size();
    }
}
