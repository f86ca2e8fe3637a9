package io.shelfwise.recommendation.ranking;

import io.shelfwise.catalog.ItemId;
import java.util.List;

/**
 * A trained model as the evaluation sees it: one ranked list per surface. Every answer holds at most {@code k}
 * distinct, in-stock items, best first; fewer only when the model cannot fill the list.
 */
public interface Ranker {

    /** Short name for reports, such as {@code popularity}. */
    String name();

    /** Home page for a shopper whose past interactions, oldest first, are {@code history} (possibly empty). */
    List<ItemId> home(List<Interaction> history, int k);

    /** Cart page: complements of {@code cartItems}, none of which may be returned. */
    List<ItemId> cart(List<ItemId> cartItems, List<Interaction> history, int k);

    /** Product page of {@code item}, which is never returned. */
    List<ItemId> similar(ItemId item, int k);
}
