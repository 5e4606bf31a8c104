package io.github.dgsdk.dg

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/**
 * What the conformance suite does not check: the typed fields of the Kotlin exceptions. Which
 * failure is which class, and `requestSent`, are conformance cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
    private val emulator = Emulator()
    private val client = emulator.client()

    @AfterAll
    fun stop() = emulator.close()

    private inline fun <reified E : DeepgramException> fails(noinline call: suspend () -> Unit): E =
        assertThrows<E> { runBlocking { call() } }

    @Test
    fun `an API failure carries status, code, request id and retry-after`() {
        emulator.fault("""{"count":1,"status":429,"retry_after":7}""")
        val e = fails<DeepgramException.RateLimit> { client.listProjects() }
        assertEquals(429.toUShort(), e.status)
        assertNotNull(e.code)
        assertNotNull(e.requestId)
        assertEquals(7000UL, e.retryAfterMs)
        assertTrue(e.requestSent)
        assertNull(e.option)
        assertTrue(e.message!!.contains(e.reason), e.message)
    }

    @Test
    fun `a modern error body's details are kept`() {
        emulator.fault("""{"count":1,"status":400,"body":"{\"category\":\"INVALID_JSON\",\"message\":\"Invalid JSON.\",\"details\":\"expected value\"}"}""")
        val e = fails<DeepgramException.BadRequest> { client.listProjects() }
        assertEquals(400.toUShort(), e.status)
        assertEquals("INVALID_JSON", e.code)
        assertEquals("expected value", e.details)
    }

    @Test
    fun `the option at fault is named the Kotlin way`() {
        val e = fails<DeepgramException.InvalidOptions> {
            client.transcribeUrl(Emulator.BUELLER_URL, TranscribeOptions(callbackMethod = "PUT"))
        }
        assertEquals("callbackMethod", e.option)
        assertTrue(e.reason.contains("`callbackMethod`"), e.reason)
        assertFalse(e.requestSent)
    }

    @Test
    fun `a missing file names its path`() {
        val e = fails<DeepgramException.File> { client.transcribeFile("/nonexistent/dg-ffi.wav") }
        assertEquals("/nonexistent/dg-ffi.wav", e.path)
    }

    @Test
    fun `both credentials are a Config error naming the setting`() {
        val e = assertThrows<DeepgramException.Config> {
            DeepgramClient(ClientSettings(apiKey = Secret("k-0123456789"), accessToken = Secret("t-0123456789"), baseUrl = emulator.url))
        }
        assertEquals("accessToken", e.option)
        assertTrue(e.reason.contains("`apiKey`"), e.reason)
    }
}
