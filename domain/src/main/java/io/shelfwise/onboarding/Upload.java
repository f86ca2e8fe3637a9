package io.shelfwise.onboarding;

import java.util.Map;

/**
 * Files an operator sends for an onboarding, piece by piece.
 *
 * @param location what to give as the onboarding's {@code dataLocation}
 * @param files    each file's name and the bytes received so far
 */
public record Upload(String id, String location, Map<String, Long> files) {
    public Upload {
        files = Map.copyOf(files);
    }
}
