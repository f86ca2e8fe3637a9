package io.shelfwise.onboarding.port.in;

import io.shelfwise.onboarding.OnboardingRequest;
import io.shelfwise.onboarding.OnboardingRun;
import java.util.List;
import java.util.function.Consumer;

/** Operator use case: onboard a store in one request, follow it, retry a failed one, cancel one. */
public interface ManageOnboardings {
    /** Records the onboarding and starts it in the background. */
    OnboardingRun start(OnboardingRequest request);

    /**
     * The onboarding as it stands. The first read of a finished one carries the tenant's API key secret, which is
     * then forgotten.
     */
    OnboardingRun get(String id);

    /** The onboarding as it stands, never with the key (and without using up its one showing). */
    OnboardingRun status(String id);

    List<OnboardingRun> list();

    /** Resumes a failed onboarding from its failed step. */
    OnboardingRun retry(String id);

    /** Stops an onboarding and undoes what it created, newest first. */
    OnboardingRun cancel(String id);

    /**
     * Hands {@code onChange} the onboarding as it stands (never with the key) after every change this process makes
     * to it, in order, until the returned handle is closed. Changes made by another process are not seen here: a
     * follower also reads {@link #status} now and then.
     */
    AutoCloseable watch(String id, Consumer<OnboardingRun> onChange);
}
