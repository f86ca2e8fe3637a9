/**
 * Each tenant's model versions: the immutable artifacts, their metadata and gate verdict, the active pointer with
 * rollback.
 */
package io.shelfwise.recommendation.registry;
