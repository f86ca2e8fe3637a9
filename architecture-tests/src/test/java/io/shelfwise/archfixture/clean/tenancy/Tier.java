package io.shelfwise.archfixture.clean.tenancy;

/** A closed choice as an enum. */
public enum Tier {
    STANDARD, PREMIUM, ENTERPRISE
}
