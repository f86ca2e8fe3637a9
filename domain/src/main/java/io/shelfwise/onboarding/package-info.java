/**
 * Onboarding context: one request takes a store from nothing to serving, as a persisted workflow of declared steps
 * (register, identity, data stores, placement, API key, catalog and event import, first training, gate, deploy,
 * activate, smoke test), each idempotent, resumed after a crash, retried or cancelled with compensation.
 */
package io.shelfwise.onboarding;
