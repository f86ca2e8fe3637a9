package io.shelfwise.common;

/** A resource the caller named does not exist (or is not the caller's to see). */
public final class NotFoundException extends DomainException {
    private final String resource;
    private final String id;

    public NotFoundException(String resource, String id) {
        super(resource + " '" + id + "' does not exist");
        this.resource = resource;
        this.id = id;
    }

    public String resource() {
        return resource;
    }

    public String id() {
        return id;
    }
}
