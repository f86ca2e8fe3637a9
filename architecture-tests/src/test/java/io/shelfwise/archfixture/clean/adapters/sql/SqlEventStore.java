package io.shelfwise.archfixture.clean.adapters.sql;

import io.shelfwise.archfixture.clean.events.TrackedEvent;
import io.shelfwise.archfixture.clean.events.port.out.EventStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/** An adapter may use libraries and javax; it implements a domain port. */
public final class SqlEventStore implements EventStore {
    private final DataSource dataSource;

    public SqlEventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Page read(String tenant, int offset) {
        return new Page(List.of(), offset);
    }

    @Override
    public boolean append(TrackedEvent event) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
