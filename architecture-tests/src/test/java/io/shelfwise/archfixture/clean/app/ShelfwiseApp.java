package io.shelfwise.archfixture.clean.app;

import io.shelfwise.archfixture.clean.adapters.aws.S3ModelArtifacts;
import io.shelfwise.archfixture.clean.adapters.sql.SqlEventStore;
import io.shelfwise.archfixture.clean.events.EventTracker;
import io.shelfwise.archfixture.clean.events.port.in.TrackEvents;
import io.shelfwise.archfixture.clean.recommendation.port.out.ModelArtifacts;
import javax.sql.DataSource;

/** The composition root: the one place that picks concrete adapters for ports. */
public final class ShelfwiseApp {
    private final TrackEvents trackEvents;
    private final ModelArtifacts modelArtifacts;

    public ShelfwiseApp(DataSource dataSource) {
        this.trackEvents = new EventTracker(new SqlEventStore(dataSource));
        this.modelArtifacts = new S3ModelArtifacts();
    }

    public TrackEvents trackEvents() {
        return trackEvents;
    }

    public ModelArtifacts modelArtifacts() {
        return modelArtifacts;
    }
}
