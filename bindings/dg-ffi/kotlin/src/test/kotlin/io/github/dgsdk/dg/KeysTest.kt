package io.github.dgsdk.dg

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysTest {
    private val emulator = Emulator()
    private val client = emulator.client()

    @AfterAll
    fun stop() = emulator.close()

    @Test
    fun `projects are listed`(): Unit = runBlocking {
        val projects = client.listProjects()
        assertEquals(listOf(emulator.projectId), projects.map { it.projectId })
    }

    @Test
    fun `a key is created, listed, read, used and deleted`(): Unit = runBlocking {
        val created = client.createKey(
            emulator.projectId,
            CreateKeyOptions(comment = "kotlin test", scopes = listOf("member"), tags = listOf("ci")),
        )
        val secret = created.key.reveal()
        assertEquals(40, secret.length)
        assertEquals(listOf("ci"), created.tags)

        val listed = client.listKeys(emulator.projectId, KeyStatus.ACTIVE)
        assertTrue(listed.any { it.apiKey.apiKeyId == created.apiKeyId })
        assertTrue(listed.none { it.json.contains(secret) })

        val got = client.getKey(emulator.projectId, created.apiKeyId)
        assertEquals("kotlin test", got.apiKey.comment)
        assertNotNull(got.member.memberId)

        // The new key works: it may transcribe.
        val answer = emulator.client(key = secret).transcribeFile(Emulator.preamble.toString())
        assertEquals(Emulator.PREAMBLE_SHA256, answer.metadata.sha256)

        val message = client.deleteKey(emulator.projectId, created.apiKeyId)
        assertTrue(message.isNotEmpty())
        assertThrows<DeepgramException.NotFound> {
            runBlocking { client.getKey(emulator.projectId, created.apiKeyId) }
        }
        assertThrows<DeepgramException.Auth> {
            runBlocking { emulator.client(key = secret).listProjects() }
        }
    }

    @Test
    fun `a granted token transcribes but cannot manage keys`(): Unit = runBlocking {
        val token = client.grantToken(60u)
        assertEquals(60.0, token.expiresIn)
        val bearer = DeepgramClient(
            accessToken = token.accessToken.reveal(),
            options = ClientOptions(baseUrl = emulator.url, maxRetries = 0u),
        )
        assertEquals(Emulator.PREAMBLE_SHA256, bearer.transcribeFile(Emulator.preamble.toString()).metadata.sha256)
        assertThrows<DeepgramException.Auth> { runBlocking { bearer.listProjects() } }
    }

    @Test
    fun `invalid key requests fail in the core before anything is sent`(): Unit = runBlocking {
        val before = emulator.stat("requests")
        assertThrows<DeepgramException.InvalidOptions> {
            runBlocking { client.createKey(emulator.projectId, CreateKeyOptions(comment = "x", scopes = listOf())) }
        }
        assertThrows<DeepgramException.InvalidOptions> {
            runBlocking {
                client.createKey(
                    emulator.projectId,
                    CreateKeyOptions(comment = "x", scopes = listOf("member"), expirationDate = "tomorrow"),
                )
            }
        }
        assertThrows<DeepgramException.InvalidOptions> { runBlocking { client.grantToken(0u) } }
        assertEquals(before, emulator.stat("requests"))
    }
}
