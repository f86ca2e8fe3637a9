package io.shelfwise.adapters.aws;

import static io.shelfwise.adapters.aws.Fixtures.TENANT_A;
import static io.shelfwise.adapters.aws.Fixtures.TENANT_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shelfwise.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.SdkAutoCloseable;

class TenantClientsTest {

    /** Stands in for an SDK client; records whether it was closed. */
    private static final class FakeClient implements SdkAutoCloseable {
        final TenantId tenant;
        boolean closed;

        FakeClient(TenantId tenant) {
            this.tenant = tenant;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void each_tenant_gets_one_client_built_on_first_use_and_reused() {
        List<TenantId> built = new ArrayList<>();
        try (TenantClients<FakeClient> clients = new TenantClients<>(tenant -> {
            built.add(tenant);
            return new FakeClient(tenant);
        })) {
            FakeClient a = clients.apply(TENANT_A);

            assertSame(a, clients.apply(TENANT_A));
            assertNotSame(a, clients.apply(TENANT_B));
            assertEquals(TENANT_A, a.tenant);
            assertEquals(List.of(TENANT_A, TENANT_B), built);
        }
    }

    @Test
    void closing_closes_every_client_built() {
        TenantClients<FakeClient> clients = new TenantClients<>(FakeClient::new);
        FakeClient a = clients.apply(TENANT_A);
        FakeClient b = clients.apply(TENANT_B);

        clients.close();

        assertEquals(List.of(true, true), List.of(a.closed, b.closed));
    }
}
