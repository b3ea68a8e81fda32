package org.jconv.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The thread setting reaches OpenBLAS (read back through the library the native plans use). */
class ThreadSettingTest {
    @Test
    void appliesAndReadsBack() {
        int before = ThreadSetting.current();
        try {
            ThreadSetting.apply(1);
            assertEquals(1, ThreadSetting.current());
            ThreadSetting.apply(2);
            assertEquals(2, ThreadSetting.current());
        } finally {
            ThreadSetting.apply(before);
        }
        assertThrows(IllegalArgumentException.class, () -> ThreadSetting.apply(0));
    }
}
