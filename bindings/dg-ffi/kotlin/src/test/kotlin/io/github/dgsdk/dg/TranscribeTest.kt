package io.github.dgsdk.dg

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance

/** The typed fields of an answer (the conformance suite checks the answer's JSON). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscribeTest {
    private val emulator = Emulator()
    private val client = emulator.client()

    @AfterAll
    fun stop() = emulator.close()

    @Test
    fun `a URL gets the recorded answer with typed fields and the whole JSON`(): Unit = runBlocking {
        val answer = client.transcribeUrl(Emulator.BUELLER_URL, TranscribeOptions(model = "nova-3", smartFormat = true))
        assertTrue(answer.transcript!!.startsWith("Yep. I said it before"), answer.transcript)
        val best = answer.results.channels[0].alternatives[0]
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
    fun `detectLanguage and extraQuery reach the API in order`(): Unit = runBlocking {
        val options = TranscribeOptions(
            model = "nova-3",
            detectLanguage = DetectLanguage.Among(listOf("en", "es")),
            extraQuery = listOf(QueryPair("x_second", "2"), QueryPair("x_first", "1")),
        )
        val answer = client.transcribeFile(Emulator.preamble.toString(), options)
        assertEquals(Emulator.PREAMBLE_SHA256, answer.metadata.sha256)
    }
}
