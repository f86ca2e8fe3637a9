package io.shelfwise.archfixture.bad.adapters.aws;

import java.util.List;

/** A well-behaved adapter; the SQL edge misusing it is the violation. */
public final class S3ProductImages {
    public List<String> keys() {
        return List.of();
    }
}
