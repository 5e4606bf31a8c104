package io.github.dgsdk.dg

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.nio.file.Files

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscribeTest {
    private val emulator = Emulator()
    private val client = emulator.client()
    private val nova3 = TranscribeOptions(model = "nova-3", smartFormat = true)

    @AfterAll
    fun stop() = emulator.close()

    @Test
    fun `a URL gets the recorded answer with typed fields and the whole JSON`(): Unit = runBlocking {
        val answer = client.transcribeUrl(Emulator.BUELLER_URL, nova3)
        assertTrue(answer.transcript!!.startsWith("Yep. I said it before"), answer.transcript)
        val best = answer.channels[0].alternatives[0]
        assertEquals(answer.transcript, best.transcript)
        assertTrue(best.words.isNotEmpty())
        assertTrue(best.words.all { it.punctuatedWord != null && it.end >= it.start })
        assertEquals(answer.metadata.models.toSet(), answer.metadata.modelInfo.keys)
        assertTrue(answer.metadata.modelInfo.values.all { it.name.isNotEmpty() })
        // Fields dg does not type are in `json`, as received.
        assertTrue(answer.json.contains("\"transaction_key\""), answer.json.take(200))
        assertEquals(answer.requestId, answer.metadata.requestId)
    }

    @Test
    fun `a file is streamed from its path`(): Unit = runBlocking {
        val answer = client.transcribeFile(Emulator.preamble.toString(), nova3)
        assertEquals(Emulator.PREAMBLE_SHA256, answer.metadata.sha256)
        assertTrue(answer.transcript!!.startsWith("We, the people"), answer.transcript)
    }

    @Test
    fun `bytes are sent with a sniffed or a given content type`(): Unit = runBlocking {
        val audio = Files.readAllBytes(Emulator.preamble)
        for (type in listOf(null, "audio/wav")) {
            val answer = client.transcribeBytes(audio, type, nova3)
            assertEquals(Emulator.PREAMBLE_SHA256, answer.metadata.sha256)
        }
    }

    @Test
    fun `list options reach the API as repeated keys`(): Unit = runBlocking {
        val options = TranscribeOptions(model = "nova-3", tag = listOf("a", "b"), extra = listOf("k:v"))
        val answer = client.transcribeFile(Emulator.preamble.toString(), options)
        assertTrue(answer.json.contains("\"a\"") && answer.json.contains("\"b\""), answer.json.take(400))
    }
}
