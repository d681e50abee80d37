package io.switchboard.net;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockingExecutorTest {
    @Test
    void aFullQueueAnswersBusyInsteadOfGrowing() throws Exception {
        try (BlockingExecutor ex = new BlockingExecutor(1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Integer> running = ex.submit(() -> {
                started.countDown();
                release.await();
                return 1;
            });
            started.await();
            CompletableFuture<Integer> queued = ex.submit(() -> 2);
            CompletableFuture<Integer> rejected = ex.submit(() -> 3);
            ExecutionException e = assertThrows(ExecutionException.class, rejected::get);
            assertInstanceOf(BlockingExecutor.BusyException.class, e.getCause());
            release.countDown();
            assertEquals(1, running.get());
            assertEquals(2, queued.get());
        }
    }
}
