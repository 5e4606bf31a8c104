package io.github.dgsdk.dg

import java.net.InetAddress
import java.net.ServerSocket
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
    private val emulator = Emulator()
    private val client = emulator.client()
    private val project get() = emulator.projectId

    @AfterAll
    fun stop() = emulator.close()

    /** A loopback port nothing listens on (bound once by the OS, then released). */
    private fun unusedPort(): Int = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }

    private inline fun <reified E : DeepgramException> fails(noinline call: suspend () -> Unit): E =
        assertThrows<E> { runBlocking { call() } }

    @Test
    fun `401 is Auth with status, code and request id`() {
        val e = fails<DeepgramException.Auth> { emulator.client(key = "wrong-key").listProjects() }
        assertEquals(401, e.status.toInt())
        assertEquals("INVALID_AUTH", e.code)
        assertNotNull(e.requestId)
    }

    @Test
    fun `403 is PermissionDenied`() {
        val member = emulator.client(key = emulator.member("ann@example.com", "member"))
        val e = fails<DeepgramException.PermissionDenied> {
            member.createKey(project, CreateKeyOptions(comment = "escalate", scopes = listOf("owner")))
        }
        assertEquals(403, e.status.toInt())
        assertNotNull(e.requestId)
    }

    @Test
    fun `404 is NotFound`() {
        val e = fails<DeepgramException.NotFound> { client.getKey(project, "00000000-0000-0000-0000-000000000000") }
        assertEquals(404, e.status.toInt())
    }

    @Test
    fun `429 is RateLimited once retries are spent`() {
        emulator.fault("""{"count":1,"status":429,"retry_after":7}""")
        val e = fails<DeepgramException.RateLimited> { client.listProjects() }
        assertEquals(429, e.status.toInt())
        assertEquals(7000UL, e.retryAfterMs)
    }

    @Test
    fun `400 is BadRequest`() {
        val e = fails<DeepgramException.BadRequest> { client.transcribeBytes("not audio at all".toByteArray()) }
        assertEquals(400, e.status.toInt())
    }

    @Test
    fun `402 is PaymentRequired`() {
        emulator.fault("""{"count":1,"status":402}""")
        assertEquals(402, fails<DeepgramException.PaymentRequired> { client.listProjects() }.status.toInt())
    }

    @Test
    fun `5xx is Server, and a retrying client gets past one`() {
        emulator.fault("""{"count":1,"status":503}""")
        val e = fails<DeepgramException.Server> { client.listProjects() }
        assertEquals(503, e.status.toInt())
        emulator.fault("""{"count":1,"status":503}""")
        runBlocking { emulator.client(retries = 1u).listProjects() }
    }

    @Test
    fun `the overall timeout is Timeout`() {
        emulator.fault("""{"count":1,"delay_ms":3000}""")
        fails<DeepgramException.Timeout> { emulator.client(timeoutMs = 200UL).listProjects() }
    }

    @Test
    fun `a refused connection is Network`() {
        val closed = DeepgramClient(apiKey = "k", options = ClientOptions(baseUrl = "http://127.0.0.1:9", maxRetries = 0u))
        fails<DeepgramException.Network> { closed.listProjects() }
    }

    @Test
    fun `createKey that could not connect is Network with requestSent false`() {
        val closed = DeepgramClient(apiKey = "k", options = ClientOptions(baseUrl = "http://127.0.0.1:${unusedPort()}", maxRetries = 0u))
        val e = fails<DeepgramException.Network> {
            closed.createKey("p1", CreateKeyOptions(comment = "never", scopes = listOf("member")))
        }
        assertFalse(e.requestSent)
        assertTrue(e.reason.contains("could not connect"), e.reason)
        assertTrue(e.reason.contains("the key was not created"), e.reason)
    }

    @Test
    fun `createKey cut off after the request went out is Network with requestSent true`() {
        emulator.fault("""{"count":1,"path_prefix":"/v1/projects/$project/keys","drop":"after_body"}""")
        val e = fails<DeepgramException.Network> {
            client.createKey(project, CreateKeyOptions(comment = "lost answer", scopes = listOf("member")))
        }
        assertTrue(e.requestSent)
        assertTrue(e.reason.contains("the connection failed during the request"), e.reason)
        assertTrue(e.reason.contains("the key may have been created anyway"), e.reason)
    }

    @Test
    fun `createKey that timed out after the request went out is Timeout with requestSent true`() {
        emulator.fault("""{"count":1,"path_prefix":"/v1/projects/$project/keys","delay_ms":3000}""")
        val e = fails<DeepgramException.Timeout> {
            emulator.client(timeoutMs = 200UL).createKey(project, CreateKeyOptions(comment = "slow", scopes = listOf("member")))
        }
        assertTrue(e.requestSent)
        assertTrue(e.reason.contains("the key may have been created anyway"), e.reason)
    }

    @Test
    fun `a missing file is Io naming the path`() {
        val e = fails<DeepgramException.Io> { client.transcribeFile("/nonexistent/dg-ffi.wav") }
        assertEquals("/nonexistent/dg-ffi.wav", e.path)
    }

    @Test
    fun `a 2xx answer that is not JSON is Decode`() {
        emulator.fault("""{"count":1,"status":200,"body":"surprise"}""")
        val e = fails<DeepgramException.Decode> { client.listProjects() }
        assertEquals(200, e.status?.toInt())
    }

    @Test
    fun `a created key whose answer is unreadable keeps the raw answer`() {
        emulator.fault("""{"count":1,"path_prefix":"/v1/projects","status":200,"body":"{\"api_key_id\":5,\"key\":\"canary-raw-0001\"}"}""")
        val e = fails<DeepgramException.KeyCreatedUndecodable> {
            client.createKey(project, CreateKeyOptions(comment = "c", scopes = listOf("member")))
        }
        assertTrue(e.raw.reveal().contains("canary-raw-0001"))
        assertTrue(!e.toString().contains("canary-raw-0001"), e.toString())
    }

    @Test
    fun `invalid options and configuration are InvalidOptions, found before sending`() {
        val before = emulator.stat("requests")
        fails<DeepgramException.InvalidOptions> { client.transcribeUrl(Emulator.BUELLER_URL, TranscribeOptions(encoding = "linear16")) }
        fails<DeepgramException.InvalidOptions> { client.transcribeUrl(Emulator.BUELLER_URL, TranscribeOptions(model = "nova-2", keyterm = listOf("x"))) }
        assertEquals(before, emulator.stat("requests"))
        val e = assertThrows<DeepgramException.InvalidOptions> {
            DeepgramClient(apiKey = "k", options = ClientOptions(baseUrl = "http://example.com"))
        }
        assertTrue(e.reason.contains("http"), e.reason)
    }
}
