package io.shelfwise.adapters.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<List<String>> groups = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    /** A writer that records each group and answers each request with its upper-case form. */
    private Function<List<String>, List<String>> recording(CountDownLatch firstCallEntered, CountDownLatch release) {
        AtomicInteger calls = new AtomicInteger();
        return group -> {
            groups.add(List.copyOf(group));
            if (calls.getAndIncrement() == 0) {
                firstCallEntered.countDown();
                await(release);
            }
            return group.stream().map(String::toUpperCase).toList();
        };
    }

    @Test
    void requests_that_arrive_during_a_write_share_the_next_one_and_each_caller_gets_its_own_outcome()
            throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<String, String> commit = new GroupCommit<>(recording(entered, release), s -> 1, 64, 1000, 1);
        Future<String> first = callers.submit(() -> commit.submit("a"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        List<Future<String>> waiting = new ArrayList<>();
        for (String r : List.of("b", "c", "d", "e")) {
            waiting.add(callers.submit(() -> commit.submit(r)));
        }
        awaitQueued(commit, 4);
        release.countDown();
        assertEquals("A", first.get(10, TimeUnit.SECONDS));
        List<String> answers = new ArrayList<>();
        for (Future<String> f : waiting) {
            answers.add(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of("B", "C", "D", "E"), answers);
        assertEquals(2, groups.size(), "one write for the first request, one for the four that waited: " + groups);
        assertEquals(List.of("a"), groups.get(0));
        assertEquals(4, groups.get(1).size());
    }

    @Test
    void a_group_is_bounded_by_requests_and_by_weight() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Weight = length: at most 3 requests and at most 5 characters per group.
        GroupCommit<String, String> commit = new GroupCommit<>(recording(entered, release), String::length, 3, 5, 1);
        Future<String> first = callers.submit(() -> commit.submit("x"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        List<Future<String>> waiting = new ArrayList<>();
        for (String r : List.of("a", "b", "c", "d", "eeee", "ffffff")) {
            waiting.add(callers.submit(() -> commit.submit(r)));
            awaitQueued(commit, waiting.size());
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<String> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
        for (List<String> group : groups.subList(1, groups.size())) {
            assertTrue(group.size() <= 3, "at most 3 requests: " + group);
            int weight = group.stream().mapToInt(String::length).sum();
            assertTrue(group.size() == 1 || weight <= 5, "at most weight 5 unless alone: " + group);
        }
        assertEquals(List.of(List.of("x"), List.of("a", "b", "c"), List.of("d", "eeee"), List.of("ffffff")), groups,
                "in arrival order; a request heavier than the limit is written alone");
    }

    @Test
    void when_a_group_fails_each_request_is_written_alone_and_only_the_bad_one_fails() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GroupCommit<String, String> commit = new GroupCommit<>(group -> {
            groups.add(List.copyOf(group));
            if (calls.getAndIncrement() == 0) {
                entered.countDown();
                await(release);
            }
            if (group.contains("bad")) {
                throw new IllegalArgumentException("bad request");
            }
            return group.stream().map(String::toUpperCase).toList();
        }, s -> 1, 64, 1000, 1);
        Future<String> first = callers.submit(() -> commit.submit("first"));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Future<String> good = callers.submit(() -> commit.submit("good"));
        awaitQueued(commit, 1);
        Future<String> bad = callers.submit(() -> commit.submit("bad"));
        awaitQueued(commit, 2);
        Future<String> alsoGood = callers.submit(() -> commit.submit("also"));
        awaitQueued(commit, 3);
        release.countDown();
        assertEquals("FIRST", first.get(10, TimeUnit.SECONDS));
        assertEquals("GOOD", good.get(10, TimeUnit.SECONDS));
        assertEquals("ALSO", alsoGood.get(10, TimeUnit.SECONDS));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertEquals("bad request", failure.getCause().getMessage());
        assertEquals(List.of(List.of("first"), List.of("good", "bad", "also"), List.of("good"), List.of("bad"),
                List.of("also")), groups);
    }

    @Test
    void up_to_the_writer_limit_groups_are_written_at_the_same_time() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        GroupCommit<String, String> commit = new GroupCommit<>(group -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            bothInside.countDown();
            await(bothInside);
            inside.decrementAndGet();
            return group;
        }, s -> 1, 1, 1000, 2);
        List<Future<String>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String r = "r" + i;
            all.add(callers.submit(() -> commit.submit(r)));
        }
        for (Future<String> f : all) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertEquals(2, most.get(), "two writers at once, never more");
    }

    /** Waits until {@code count} requests are queued behind the write in progress. */
    private static void awaitQueued(GroupCommit<?, ?> commit, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commit.queued() < count) {
            assertTrue(System.nanoTime() < deadline, "requests did not queue");
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
