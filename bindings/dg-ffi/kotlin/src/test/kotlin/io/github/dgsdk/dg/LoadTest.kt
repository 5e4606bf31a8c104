package io.github.dgsdk.dg

import com.sun.jna.Library
import com.sun.jna.Native
import com.sun.jna.Structure
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.io.File
import java.lang.management.ManagementFactory
import javax.management.ObjectName
import kotlin.math.abs

/**
 * 1,000 concurrent transcriptions from coroutines on one client: every one succeeds, and
 * neither descriptors nor memory are left behind.
 *
 * Round 0 warms up: the runtime's workers, the allocator's arenas, the JIT's code and the
 * pool's connections come into being. The measured rounds after it repeat the same work; a leak
 * grows the process by about the same amount every round, and a warm process does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadTest {
    private val emulator = Emulator()

    @AfterAll
    fun stop() = emulator.close()

    @Test
    fun `1,000 concurrent transcriptions leak neither descriptors nor memory`() {
        val before = openFds()
        val readings = mutableListOf<Reading>()
        emulator.client().use { client ->
            repeat(1 + ROUNDS) {
                emulator.fault("""{"count":$CALLS,"path_prefix":"/v1/listen","delay_ms":$HOLD_MS}""")
                val answers = runBlocking(Dispatchers.Default) {
                    (1..CALLS).map {
                        async {
                            val answer = client.transcribeUrl(Emulator.BUELLER_URL, TranscribeOptions(model = "nova-3", smartFormat = true))
                            answer.transcript to answer.metadata.requestId
                        }
                    }.awaitAll()
                }
                assertTrue(answers.all { (transcript, _) -> transcript!!.startsWith("Yep") })
                assertEquals(CALLS, answers.map { it.second }.toSet().size)
                // From the first measured round on, descriptors are expected back at its count.
                readings += read(readings.getOrNull(1)?.fds)
            }
        }
        println("kotlin, 1,000 coroutines: " + readings.withIndex().joinToString("; ") { (i, r) -> "round $i: $r" })
        val first = readings[1]
        val last = readings.last()
        for (r in readings.drop(1)) {
            // At most one connection per call in flight, and the same ones every round.
            assertTrue(r.fds <= before + CALLS + FD_SLACK, "${r.fds} descriptors open, $before before the client")
            assertTrue(abs(r.fds - first.fds) <= FD_SLACK, "descriptors went from ${first.fds} to ${r.fds}")
        }
        assertTrue(last.native - first.native <= NATIVE_SLACK, "native memory: $first -> $last")
        assertTrue(last.javaHeap - first.javaHeap <= JAVA_HEAP_SLACK, "Java heap: $first -> $last")
        assertTrue(last.rss - first.rss <= RSS_SLACK, "RSS: $first -> $last")
        // The closed client has closed its pooled connections.
        val closed = settle(before)
        assertTrue(closed <= before + FD_SLACK, "descriptors: $before before the client, $closed after it")
    }

    /** The descriptors, once settled, and memory after full collections. */
    private fun read(fds: Int?): Reading {
        val count = settle(fds)
        // Collections, and time for the cleaner threads to free what JNA's collected objects held.
        repeat(3) {
            System.gc()
            Thread.sleep(100)
        }
        System.gc()
        val javaHeap = ManagementFactory.getMemoryMXBean().heapMemoryUsage.used
        libc.malloc_trim(0)
        val info = libc.mallinfo2()
        val rss = File("/proc/self/status").readLines().first { it.startsWith("VmRSS:") }
            .split(Regex("\\s+"))[1].toLong() * 1024
        return Reading(count, info.uordblks + info.hblkhd - jvmMalloced(), javaHeap, rss)
    }

    /**
     * What the JVM itself has malloc'd (its native memory tracking, which pom.xml turns on): per
     * category, `malloc=` blocks and the `arena=` chunks of the compilers and resource areas.
     */
    private fun jvmMalloced(): Long {
        val summary = ManagementFactory.getPlatformMBeanServer().invoke(
            ObjectName("com.sun.management:type=DiagnosticCommand"),
            "vmNativeMemory",
            arrayOf<Any>(arrayOf("summary", "scale=KB")),
            arrayOf(Array<String>::class.java.name),
        ) as String
        val sizes = Regex("\\((?:malloc|arena)=(\\d+)KB").findAll(summary).map { it.groupValues[1].toLong() * 1024 }.toList()
        check(sizes.isNotEmpty()) { "no native memory tracking (-XX:NativeMemoryTracking=summary): $summary" }
        return sizes.sum()
    }

    /** The descriptor count once it is down to [target], or else stops changing. */
    private fun settle(target: Int?): Int {
        val deadline = System.nanoTime() + SETTLE_MS * 1_000_000
        var count = openFds()
        while (System.nanoTime() < deadline) {
            Thread.sleep(100)
            val previous = count
            count = openFds()
            if (count <= (target?.plus(FD_SLACK) ?: previous)) break
        }
        return count
    }

    private fun openFds(): Int = File("/proc/self/fd").list()!!.size

    /** [native]: malloc'd memory in use that is not the JVM's own (the Rust side's, JNA's). */
    data class Reading(val fds: Int, val native: Long, val javaHeap: Long, val rss: Long) {
        override fun toString() =
            "fds $fds, native outside the JVM ${mib(native)}, Java heap ${mib(javaHeap)}, RSS ${mib(rss)}"

        private fun mib(bytes: Long) = "%.1f MiB".format(bytes / MIB.toDouble())
    }

    /** glibc's `struct mallinfo2` (every field a `size_t`). */
    @Structure.FieldOrder("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")
    class MallInfo2 : Structure(), Structure.ByValue {
        @JvmField var arena = 0L
        @JvmField var ordblks = 0L
        @JvmField var smblks = 0L
        @JvmField var hblks = 0L
        @JvmField var hblkhd = 0L
        @JvmField var usmblks = 0L
        @JvmField var fsmblks = 0L
        @JvmField var uordblks = 0L
        @JvmField var fordblks = 0L
        @JvmField var keepcost = 0L
    }

    @Suppress("FunctionName")
    private interface LibC : Library {
        fun malloc_trim(pad: Long): Int
        fun mallinfo2(): MallInfo2
    }

    private companion object {
        val libc: LibC = Native.load("c", LibC::class.java)

        const val CALLS = 1000
        /** Measured rounds after the warm-up one: memory is compared between the first and the last. */
        const val ROUNDS = 2
        /**
         * The emulator holds every request this long before answering, so a round's 1,000
         * requests are in flight together rather than one after another (a hold, not a
         * deadline: nothing is timed).
         */
        const val HOLD_MS = 500
        /** Descriptors that may differ between two readings without being a leak (the runtime's own, a socket not closed yet). */
        const val FD_SLACK = 8
        const val MIB = 1L shl 20
        /**
         * Malloc'd memory in use (glibc's mallinfo2, after malloc_trim) less the JVM's own: it
         * moved by under 0.2 MiB a round here. A leak of 1 KiB a request adds 1 MiB a round;
         * half of that is allowed.
         */
        const val NATIVE_SLACK = 512L * 1024
        /** The Java heap in use right after a full collection: it moved by under 0.1 MiB a round here. */
        const val JAVA_HEAP_SLACK = 512L * 1024
        /**
         * RSS also holds the Java heap's committed pages and the JIT's code and arenas, which the
         * JVM takes and gives back on its own schedule: it moved by up to 13 MiB between rounds
         * here. The two checks above are the exact ones; this one bounds everything else.
         */
        const val RSS_SLACK = 24 * MIB
        const val SETTLE_MS = 10_000L
    }
}
