package io.shelfwise.recommendation.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasks_run_one_at_a_time_in_order_and_the_next_starts_when_the_last_ends() {
        List<Runnable> pool = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor lane = new SerialExecutor(pool::add);

        lane.execute(() -> ran.add("a"));
        lane.execute(() -> ran.add("b"));
        lane.execute(() -> ran.add("c"));
        assertEquals(1, pool.size(), "only the first is handed to the pool");
        pool.removeFirst().run();
        assertEquals(List.of("a"), ran);
        assertEquals(1, pool.size(), "then the next");
        pool.removeFirst().run();
        pool.removeFirst().run();
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(0, pool.size());

        lane.execute(() -> ran.add("d"));
        pool.removeFirst().run();
        assertEquals(List.of("a", "b", "c", "d"), ran, "an idle lane starts a new task at once");
    }

    @Test
    void a_failing_task_does_not_stop_the_lane() {
        List<Runnable> pool = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        SerialExecutor lane = new SerialExecutor(pool::add);
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after"));
        assertThrows(IllegalStateException.class, () -> pool.removeFirst().run());
        pool.removeFirst().run();
        assertEquals(List.of("after"), ran);
    }

    @Test
    void a_refused_start_is_reported_and_the_lane_takes_tasks_again() {
        boolean[] refuse = {true};
        List<Runnable> pool = new ArrayList<>();
        SerialExecutor lane = new SerialExecutor(task -> {
            if (refuse[0]) {
                throw new RejectedExecutionException("shut down");
            }
            pool.add(task);
        });
        assertThrows(RejectedExecutionException.class, () -> lane.execute(() -> { }));
        refuse[0] = false;
        lane.execute(() -> { });
        assertEquals(1, pool.size());
    }
}
