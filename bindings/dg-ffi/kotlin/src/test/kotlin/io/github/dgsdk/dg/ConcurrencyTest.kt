package io.github.dgsdk.dg

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.io.RandomAccessFile
import java.nio.ByteBuffer
import java.nio.ByteOrder
import java.nio.file.Files

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {
    private val emulator = Emulator()
    private val client = emulator.client()

    @AfterAll
    fun stop() = emulator.close()

    @Test
    fun `one client serves many coroutines at once`(): Unit = runBlocking(Dispatchers.Default) {
        val calls = (0 until 24).map { i ->
            async {
                when (i % 3) {
                    0 -> client.transcribeFile(Emulator.preamble.toString()).metadata.sha256
                    1 -> client.transcribeUrl(Emulator.BUELLER_URL).requestId
                    else -> client.listProjects().single().projectId
                }
            }
        }
        val answers = calls.awaitAll()
        answers.forEachIndexed { i, a ->
            when (i % 3) {
                0 -> assertEquals(Emulator.PREAMBLE_SHA256, a)
                1 -> assertTrue(!a.isNullOrEmpty())
                else -> assertEquals(emulator.projectId, a)
            }
        }
    }

    @Test
    fun `cancelling the coroutine cancels the request`(): Unit = runBlocking {
        emulator.fault("""{"count":1,"delay_ms":60000,"path_prefix":"/v1/projects"}""")
        val before = emulator.stat("requests")
        var outcome: Throwable? = null
        val job = launch(Dispatchers.Default) {
            try {
                client.listProjects()
            } catch (e: Throwable) {
                outcome = e
                throw e
            }
        }
        // Wait until the request is at the server, held by the delay.
        while (emulator.stat("requests") == before) delay(10)
        job.cancel()
        // Returns long before the server's 60 s delay would have answered: the Rust future was
        // freed, not awaited (a test timeout would catch a hang).
        job.join()
        assertTrue(job.isCancelled)
        assertTrue(outcome is CancellationException, "$outcome")
        // The client is still usable.
        assertEquals(emulator.projectId, client.listProjects().single().projectId)
    }

    @Test
    fun `cancelling an upload drops it in Rust, so the server never gets the whole file`(): Unit = runBlocking {
        // The server holds the request before reading its body; the cancelled call must close
        // the connection rather than finish sending 1 GiB in the background.
        val total = 1024L * 1024 * 1024
        val file = sparseWav(total)
        try {
            emulator.fault("""{"count":1,"delay_ms":1000,"path_prefix":"/v1/listen"}""")
            val requests = emulator.stat("requests")
            val bytes = emulator.stat("audio_bytes_received")
            val job = launch(Dispatchers.Default) { client.transcribeFile(file.toString()) }
            while (emulator.stat("requests") == requests) delay(10)
            job.cancel()
            job.join()
            // After the delay the handler reads what reached it until the connection ends, and
            // then counts it: the socket buffers' few MiB if the Rust future was dropped, the
            // whole file if it went on uploading.
            while (emulator.stat("audio_bytes_received") == bytes) delay(10)
            val received = emulator.stat("audio_bytes_received") - bytes
            assertTrue(received < total / 8, "the server received $received of $total bytes")
        } finally {
            Files.deleteIfExists(file)
        }
    }

    @Test
    fun `a large file is uploaded without passing through the JVM heap`(): Unit = runBlocking {
        // 512 MiB of WAV (a sparse file: a header, then a hole) under a 96 MiB heap (pom.xml).
        val total = 512L * 1024 * 1024
        val file = sparseWav(total)
        try {
            val before = emulator.stat("audio_bytes_received")
            val answer = client.transcribeFile(file.toString())
            assertEquals(total, emulator.stat("audio_bytes_received") - before)
            assertEquals(64, answer.metadata.sha256!!.length)
            assertTrue(Runtime.getRuntime().maxMemory() < total / 4)
        } finally {
            Files.deleteIfExists(file)
        }
    }

    /** A WAV file of [total] bytes: a header, then a hole (no disk space used). */
    private fun sparseWav(total: Long): java.nio.file.Path {
        val file = Files.createTempFile("dg-ffi-large", ".wav")
        RandomAccessFile(file.toFile(), "rw").use {
            it.write(wavHeader(total))
            it.setLength(total)
        }
        return file
    }

    private fun wavHeader(total: Long): ByteArray {
        val b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN)
        b.put("RIFF".toByteArray()).putInt((total - 8).toInt()).put("WAVEfmt ".toByteArray())
        b.putInt(16).putShort(1).putShort(1).putInt(16000).putInt(32000).putShort(2).putShort(16)
        b.put("data".toByteArray()).putInt((total - 44).toInt())
        return b.array()
    }
}
