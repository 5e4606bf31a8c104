package io.github.dgsdk.dg

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

/** Keys and tokens as Kotlin objects: their secrets are [Secret]s, usable as credentials as is. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysTest {
    private val emulator = Emulator()
    private val client = emulator.client()

    @AfterAll
    fun stop() = emulator.close()

    @Test
    fun `a created key is a credential until it is deleted`(): Unit = runBlocking {
        val created = client.createKey(
            emulator.projectId,
            CreateKeyOptions(comment = "kotlin test", scopes = listOf("member"), tags = listOf("ci")),
        )
        assertEquals(40, created.key.reveal().length)
        val listed = client.listKeys(emulator.projectId, KeyStatus.ACTIVE)
        assertTrue(listed.any { it.apiKey.apiKeyId == created.apiKeyId })
        assertTrue(listed.none { it.json.contains(created.key.reveal()) })

        val withKey = DeepgramClient(ClientSettings(apiKey = created.key, baseUrl = emulator.url, retries = 0u))
        assertEquals(Emulator.PREAMBLE_SHA256, withKey.transcribeFile(Emulator.preamble.toString()).metadata.sha256)
        client.deleteKey(emulator.projectId, created.apiKeyId)
        assertThrows<DeepgramException.Auth> { runBlocking { withKey.listProjects() } }
    }

    @Test
    fun `a granted token transcribes but cannot manage keys`(): Unit = runBlocking {
        val token = client.grantToken(60u)
        val bearer = DeepgramClient(ClientSettings(accessToken = token.accessToken, baseUrl = emulator.url, retries = 0u))
        assertEquals(Emulator.PREAMBLE_SHA256, bearer.transcribeFile(Emulator.preamble.toString()).metadata.sha256)
        assertThrows<DeepgramException.Auth> { runBlocking { bearer.listProjects() } }
    }
}
