package io.shelfwise.recommendation;

/**
 * Lists served in a period and how many of them got at least one click citing them (whenever the click came):
 * the click-through of whatever served in that period.
 */
public record ServedLists(long lists, long clicked) {
    public ServedLists {
        if (lists < 0 || clicked < 0 || clicked > lists) {
            throw new IllegalArgumentException("lists " + lists + ", clicked " + clicked);
        }
    }

    public double clickThrough() {
        return lists == 0 ? 0.0 : (double) clicked / lists;
    }
}
