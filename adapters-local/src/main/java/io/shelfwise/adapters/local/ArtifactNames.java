package io.shelfwise.adapters.local;

/** What an artifact name may look like: relative, slash-separated, no empty or dot segments. */
final class ArtifactNames {
    private ArtifactNames() {
    }

    static void check(String name) {
        if (name == null || name.isEmpty() || name.length() > 512 || name.startsWith("/") || name.endsWith("/")
                || name.contains("//") || name.contains("\\") || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid artifact name: " + name);
        }
        for (String segment : name.split("/")) {
            if (segment.equals(".") || segment.equals("..") || segment.startsWith(".partial-")) {
                throw new IllegalArgumentException("invalid artifact name: " + name);
            }
        }
    }
}
