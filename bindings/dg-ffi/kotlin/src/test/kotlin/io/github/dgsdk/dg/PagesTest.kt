package io.github.dgsdk.dg

import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** `client.requests(...)`: the core's RequestPages as a Flow, and usage under a key's tag. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesTest {
    private val emulator = Emulator()
    private val client = emulator.client()

    /** The request ids the transcriptions were answered with. */
    private val made = mutableListOf<String>()

    @BeforeAll
    fun transcribe(): Unit = runBlocking {
        repeat(5) { made += client.transcribeFile(Emulator.preamble.toString()).metadata.requestId!! }
        assertEquals(5, made.toSet().size)
    }

    @AfterAll
    fun stop() = emulator.close()

    @Test
    fun `every request is listed once, a page of 2 at a time`(): Unit = runBlocking {
        val before = emulator.stat("requests")
        val pages = client.requests(emulator.projectId, ListRequestsOptions(limit = 2u))
        val seen = pages.requests.toList()
        assertEquals(made.size, seen.size, seen.map { it.requestId }.toString())
        assertEquals(made.toSet(), seen.map { it.requestId }.toSet())
        assertEquals(200uL, seen[0].code)
        // Pages of 2, 2 and 1: the short one is the end (the core's rule).
        val asked = emulator.stat("requests") - before
        assertTrue(asked in 3..4, "$asked pages asked for")
        assertNull(pages.next(), "the end stays the end")
        for (limit in listOf(1u, 5u, 10u)) {
            val again = client.requests(emulator.projectId, ListRequestsOptions(limit = limit)).requests.toList()
            assertEquals(made.sorted(), again.map { it.requestId }.sorted(), "limit $limit")
        }
    }

    @Test
    fun `a bad filter is refused before anything is sent`(): Unit = runBlocking {
        val before = emulator.stat("requests")
        val pages = client.requests(emulator.projectId, ListRequestsOptions(limit = 0u))
        assertThrows<DeepgramException.InvalidOptions> { runBlocking { pages.requests.toList() } }
        val late = ListRequestsOptions(start = "2030-01-02", end = "2030-01-01")
        assertThrows<DeepgramException.InvalidOptions> {
            runBlocking { client.requests(emulator.projectId, late).next() }
        }
        assertEquals(before, emulator.stat("requests"))
    }

    @Test
    fun `a tagged key's request is counted under its tag and not under another`(): Unit = runBlocking {
        // An emulator of its own: the other tests count this class's requests.
        Emulator().use { emulator ->
            val client = emulator.client()
            val key = client.createKey(
                emulator.projectId,
                CreateKeyOptions(comment = "tagged", scopes = listOf("member"), tags = listOf("kotlin-red")),
            )
            val tagged = DeepgramClient(ClientSettings(apiKey = key.key, baseUrl = emulator.url, retries = 0u))
            val id = tagged.transcribeFile(Emulator.preamble.toString()).metadata.requestId!!
            suspend fun requests(tag: String) =
                client.getUsageBreakdown(emulator.projectId, GetUsageBreakdownOptions(tag = tag)).results
                    .sumOf { it.requests ?: 0.0 }
            assertEquals(1.0, requests("kotlin-red"))
            assertEquals(0.0, requests("kotlin-blue"))
            val listed = client.requests(emulator.projectId, ListRequestsOptions(limit = 3u)).requests.toList()
            assertEquals(key.apiKeyId, listed.single { it.requestId == id }.apiKeyId)
        }
    }
}
