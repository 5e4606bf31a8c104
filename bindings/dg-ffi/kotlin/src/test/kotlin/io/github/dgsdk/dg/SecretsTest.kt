package io.github.dgsdk.dg

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsTest {
    private val emulator = Emulator()

    @AfterAll
    fun stop() = emulator.close()

    private fun assertHidden(secret: String, vararg shown: Any) {
        for (s in shown) assertFalse(s.toString().contains(secret), "secret leaked in: $s")
    }

    @Test
    fun `the client's toString hides its key`() {
        val client = emulator.client()
        assertHidden(emulator.ownerKey, client)
        assertEquals("DeepgramClient(${emulator.url}/)", client.toString())
    }

    @Test
    fun `created keys and tokens hide their secret`(): Unit = runBlocking {
        val client = emulator.client()
        val key = client.createKey(emulator.projectId, CreateKeyOptions(comment = "leak check", scopes = listOf("member")))
        assertEquals("[redacted]", key.key.toString())
        assertHidden(key.key.reveal(), key, key.key, key.copy())
        val token = client.grantToken()
        assertHidden(token.accessToken.reveal(), token, token.accessToken)
    }

    @Test
    fun `exceptions never hold the credentials`() {
        val key = "canary-credential-0123456789"
        val e = assertThrows<DeepgramException.Auth> { runBlocking { emulator.client(key = key).listProjects() } }
        assertHidden(key, e, e.message ?: "", e.stackTraceToString())
    }
}
