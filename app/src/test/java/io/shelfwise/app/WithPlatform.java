package io.shelfwise.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of test classes that share one platform with default settings, started before and closed after them. */
abstract class WithPlatform {
    static final String OP = TestPlatform.OPERATOR;
    static TestPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = TestPlatform.start();
    }

    @AfterAll
    static void closePlatform() {
        platform.close();
    }
}
