package io.github.dgsdk.dg

import java.nio.file.Files
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** Live streaming: dg-core's session through `listenLive`/`listenFlux` and the `events` flow. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveTest {
    private val emulator = Emulator()
    private val client = emulator.client()

    @AfterAll
    fun stop() = emulator.close()

    private fun chunks(): List<ByteArray> {
        val audio = Files.readAllBytes(Emulator.preamble)
        return (audio.indices step CHUNK).map { audio.copyOfRange(it, minOf(it + CHUNK, audio.size)) }
    }

    private fun finalText(events: List<LiveEvent>): String = events
        .filterIsInstance<LiveEvent.Results>()
        .filter { it.result.isFinal == true }
        .map { it.result.channel.alternatives[0].transcript }
        .filter { it.isNotEmpty() }
        .joinToString(" ")

    @Test
    fun `the preamble streamed gives the recorded transcript in final results, Metadata last`(): Unit = runBlocking {
        client.listenLive(TranscribeOptions(model = "nova-3", smartFormat = true)).use { session ->
            assertFalse(session.requestId().isNullOrEmpty())
            val reading = async { session.events.toList() }
            for (chunk in chunks()) session.send(chunk)
            session.closeStream()
            val events = withTimeout(30_000) { reading.await() }
            val text = finalText(events)
            assertTrue(text.startsWith("We, the people of The United States"), text)
            assertTrue(text.endsWith("United States Of America."), text)
            val metadata = events.last()
            assertTrue(metadata is LiveEvent.Metadata, "$metadata")
            assertEquals(session.requestId(), (metadata as LiveEvent.Metadata).metadata.requestId)
            assertTrue(events.none { it is LiveEvent.Results && it.result.isFinal == false }, "no interim results unasked")
            // The stream is over: nothing more to send, no more events.
            assertThrows<DeepgramException.Closed> { runBlocking { session.send(chunks()[0]) } }
            assertNull(session.nextEvent())
        }
    }

    @Test
    fun `stream(path, 10x) paces the preamble and gives the recorded transcript, and a bad speed sends nothing`(): Unit = runBlocking {
        client.listenLive(TranscribeOptions(model = "nova-3", smartFormat = true)).use { session ->
            val path = Emulator.preamble.toString()
            // Refused before anything is sent (the transcript below would show it otherwise).
            for (speed in listOf(0.0, -1.0, Double.NaN)) {
                assertThrows<DeepgramException.InvalidOptions> { runBlocking { session.stream(path, speed) } }
            }
            // Raw audio whose byte rate nothing says cannot be paced.
            assertThrows<DeepgramException.InvalidOptions> { runBlocking { session.streamBytes(ByteArray(4_000) { 1 }, 1.0) } }
            val reading = async { session.events.toList() }
            val started = System.nanoTime()
            val sent = session.stream(path, 10.0)
            val seconds = (System.nanoTime() - started) / 1e9
            assertEquals(Files.size(Emulator.preamble).toULong(), sent)
            // 19.1 s of audio at 10 times real time.
            assertTrue(seconds in 1.7..10.0, "streamed in $seconds s")
            session.closeStream()
            val events = withTimeout(30_000) { reading.await() }
            assertEquals(PREAMBLE_TEXT, finalText(events))
            assertTrue(events.last() is LiveEvent.Metadata, "${events.last()}")
        }
    }

    @Test
    fun `cancelling the coroutine that collects the events closes the socket within a second`(): Unit = runBlocking {
        Emulator().use { own ->
            own.client().listenLive(TranscribeOptions(model = "nova-3")).use { session ->
                val first = CompletableDeferred<LiveEvent>()
                val collecting = launch { session.events.collect { first.complete(it) } }
                // Two seconds of audio, and the stream left open.
                session.streamBytes(Files.readAllBytes(Emulator.preamble).copyOf(88_244), null)
                withTimeout(10_000) { first.await() }
                assertEquals(1L, own.stat("live_streams_open"))
                collecting.cancel()
                val cancelled = System.nanoTime()
                // The session is still referenced (and not closed): only the cancellation can
                // close the socket.
                while (own.stat("live_streams_open") != 0L) {
                    val waited = (System.nanoTime() - cancelled) / 1_000_000
                    assertTrue(waited < 1_000, "the emulator still sees the stream open after $waited ms")
                    delay(10)
                }
                assertEquals(1L, own.stat("live_streams_opened"))
                collecting.join()
            }
        }
    }

    @Test
    fun `100 concurrent sessions from one process all complete, and every socket closes`(): Unit = runBlocking {
        Emulator().use { own ->
            val client = own.client()
            // The first second of the preamble.
            val audio = Files.readAllBytes(Emulator.preamble).copyOf(44_144)
            val ends = withTimeout(120_000) {
                (1..100).map {
                    async {
                        client.listenLive(TranscribeOptions(model = "nova-3")).use { session ->
                            val reading = async { session.events.toList() }
                            assertEquals(audio.size.toULong(), session.streamBytes(audio, null))
                            session.closeStream()
                            val events = reading.await()
                            val metadata = events.last() as LiveEvent.Metadata
                            assertEquals(session.requestId(), metadata.metadata.requestId)
                            metadata.metadata.requestId
                        }
                    }
                }.awaitAll()
            }
            assertEquals(100, ends.toSet().size, "every session ended with its own Metadata")
            assertEquals(100L, own.stat("live_streams_opened"))
            val closed = System.nanoTime()
            while (own.stat("live_streams_open") != 0L) {
                assertTrue(System.nanoTime() - closed < 5_000_000_000, "${own.stat("live_streams_open")} streams still open")
                delay(10)
            }
        }
    }

    @Test
    fun `Flux - EndOfTurn transcripts, and configure is answered with ConfigureSuccess`(): Unit = runBlocking {
        client.listenFlux(FluxOptions(model = "flux-general-en")).use { session ->
            session.configure(FluxConfigure(eotThreshold = 0.8, keyterms = listOf("Deepgram")))
            val tooShort = assertThrows<DeepgramException.InvalidOptions> {
                runBlocking { session.configure(FluxConfigure(eotTimeoutMs = 50u)) }
            }
            assertEquals("eotTimeoutMs", tooShort.option)
            assertThrows<DeepgramException.InvalidOptions> { runBlocking { session.finalize() } }
            val reading = async { session.events.toList() }
            for (chunk in chunks()) session.send(chunk)
            session.closeStream()
            val events = withTimeout(30_000) { reading.await() }
            assertTrue(events[0] is LiveEvent.Connected, "${events[0]}")
            val success = events.filterIsInstance<LiveEvent.ConfigureSuccess>().single().success
            assertEquals(0.8, success.thresholds!!.eotThreshold)
            assertEquals(listOf("Deepgram"), success.keyterms)
            val turns = events.filterIsInstance<LiveEvent.TurnInfo>().map { it.turn }
            assertTrue(turns.all { it.words.isNotEmpty() || it.transcript.isEmpty() })
            val text = turns.filter { it.event == "EndOfTurn" }.joinToString(" ") { it.transcript }
            assertTrue(text.startsWith("We, the people") && text.endsWith("America."), text)
        }
    }

    @Test
    fun `bad options are rejected before connecting, naming the option`(): Unit = runBlocking {
        val before = emulator.stat("requests")
        val live = assertThrows<DeepgramException.InvalidOptions> {
            runBlocking { client.listenLive(TranscribeOptions(encoding = "linear16")) }
        }
        assertEquals("encoding", live.option)
        assertFalse(live.requestSent)
        val noModel = assertThrows<DeepgramException.InvalidOptions> {
            runBlocking { client.listenFlux(FluxOptions(eotThreshold = 0.7)) }
        }
        assertEquals("model", noModel.option)
        val range = assertThrows<DeepgramException.InvalidOptions> {
            runBlocking { client.listenFlux(FluxOptions(model = "flux-general-en", eotThreshold = 1.5)) }
        }
        assertEquals("eotThreshold", range.option)
        assertEquals(before, emulator.stat("requests"), "nothing was sent")
    }

    @Test
    fun `cancelling the collecting coroutine closes the stream`(): Unit = runBlocking {
        client.listenFlux(FluxOptions(model = "flux-general-en")).use { session ->
            val first = CompletableDeferred<LiveEvent>()
            val collecting = launch {
                session.events.collect { first.complete(it) }
            }
            for (chunk in chunks().take(4)) session.send(chunk)
            assertTrue(withTimeout(10_000) { first.await() } is LiveEvent.Connected)
            collecting.cancel()
            collecting.join()
            // The socket is closed: a later send fails, and the events end without waiting for the
            // server.
            val e = assertThrows<DeepgramException.Closed> { runBlocking { session.send(chunks()[5]) } }
            assertTrue(e.reason.contains("closed"), e.reason)
            withTimeout(5_000) { while (session.nextEvent() != null) Unit }
        }
    }

    @Test
    fun `leaving the flow early (first) closes the stream too`(): Unit = runBlocking {
        client.listenLive(TranscribeOptions(model = "nova-3")).use { session ->
            for (chunk in chunks()) session.send(chunk)
            val event = withTimeout(10_000) { session.events.first() }
            assertTrue(event is LiveEvent.Results, "$event")
            assertThrows<DeepgramException.Closed> { runBlocking { session.send(chunks()[0]) } }
        }
    }

    @Test
    fun `a stream the server cuts ends the flow with a typed error`(): Unit = runBlocking {
        emulator.fault("""{"path_prefix":"/v1/listen","cut_live_after_messages":2,"close_code":1011}""")
        client.listenLive(TranscribeOptions(model = "nova-3")).use { session ->
            val reading = async { runCatching { session.events.toList() } }
            try {
                for (chunk in chunks()) session.send(chunk)
                session.closeStream()
            } catch (e: DeepgramException.Closed) {
                // The cut may come while audio is still being sent.
            }
            val error = withTimeout(30_000) { reading.await() }.exceptionOrNull()
            assertNotNull(error)
            assertTrue(error is DeepgramException.Server || error is DeepgramException.Network, "$error")
        }
    }

    @Test
    fun `a bad setting is a Config error naming it, before connecting`(): Unit = runBlocking {
        val before = emulator.stat("requests")
        val keepAlive = assertThrows<DeepgramException.Config> {
            runBlocking { client.listenLive(TranscribeOptions(model = "nova-3"), LiveSettings(keepAliveMs = 20_000u)) }
        }
        assertEquals("keepAliveMs", keepAlive.option)
        assertFalse(keepAlive.requestSent)
        val replay = assertThrows<DeepgramException.Config> {
            runBlocking { client.listenLive(settings = LiveSettings(replaySeconds = 5.0)) }
        }
        assertEquals("replaySeconds", replay.option)
        val buffer = assertThrows<DeepgramException.Config> {
            runBlocking { client.listenFlux(FluxOptions(model = "flux-general-en"), LiveSettings(sendBuffer = 0u)) }
        }
        assertEquals("sendBuffer", buffer.option)
        assertEquals(before, emulator.stat("requests"), "nothing was sent")
    }

    companion object {
        const val CHUNK = 8 * 1024

        /** The preamble's recorded transcript (tests/conformance/cases/live.json). */
        const val PREAMBLE_TEXT = "We, the people of The United States, in order to form a more perfect union, " +
            "establish justice, ensure domestic tranquility, provide for the common defense, promote the general welfare, " +
            "and secure the blessings of liberty to ourselves and our posterity to ordain and establish this constitution " +
            "for The United States Of America."
    }
}
