package io.github.dgsdk.dg

import com.sun.jna.Library
import com.sun.jna.Native
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.util.logging.Handler
import java.util.logging.Level
import java.util.logging.LogRecord
import java.util.logging.Logger

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

    @Test
    fun `a live session, its client and a stream's errors never show the key it was opened with`(): Unit = runBlocking {
        val key = "canary0live0key0${"e".repeat(24)}"
        Emulator(adminKey = key).use { emulator ->
            val audio = Files.readAllBytes(Emulator.preamble)
            val client = emulator.client()
            val shown = mutableListOf<Any>(client)
            // A stream the server closes with 1008: its events end in a typed error.
            emulator.fault("""{"count":1,"path_prefix":"/v1/listen","cut_live_after_messages":2,"close_code":1008}""")
            client.listenLive(TranscribeOptions(model = "nova-3")).use { session ->
                // The session's toString names the stream, not its credentials.
                assertEquals("LiveSession(${session.requestId()})", session.toString())
                val reading = async { runCatching { session.events.onEach { shown += it.toString() }.toList() } }
                val sending = runCatching { session.streamBytes(audio, null); session.closeStream() }
                val read = withTimeout(30_000) { reading.await() }
                val cut = read.exceptionOrNull() as? DeepgramException.BadRequest ?: error("expected BadRequest, got $read")
                // Sending after the stream ended.
                val late = assertThrows<DeepgramException.Closed> { runBlocking { session.streamBytes(audio, 1.0) } }
                shown.addAll(listOfNotNull(session.toString(), sending.exceptionOrNull()))
                for (e in listOf(cut, late)) shown.addAll(listOf(e, e.message ?: "", e.stackTraceToString()))
            }
            // The same key, wrong: refused on opening.
            val wrong = emulator.client(key = "$key-wrong")
            val auth = assertThrows<DeepgramException.Auth> { runBlocking { wrong.listenLive() } }
            shown.addAll(listOf(wrong, auth, auth.message ?: "", auth.stackTraceToString()))
            assertHidden(key.take(key.length / 2), *shown.toTypedArray())
        }
    }

    @Test
    fun `a created key whose answer is unreadable keeps the raw answer, hidden`() {
        emulator.fault("""{"count":1,"path_prefix":"/v1/projects","status":200,"body":"{\"api_key_id\":5,\"key\":\"canary-raw-0001\"}"}""")
        val e = assertThrows<DeepgramException.KeyCreatedUndecodable> {
            runBlocking { emulator.client().createKey(emulator.projectId, CreateKeyOptions(comment = "c", scopes = listOf("member"))) }
        }
        assertTrue(e.rawAnswer!!.reveal().contains("canary-raw-0001"))
        assertHidden("canary-raw-0001", e, e.message ?: "", e.stackTraceToString())
    }

    @Test
    fun `nothing a program prints holds the canary key or a created secret`() {
        val canary = "canary0kotlin0key0${"f".repeat(22)}"
        val revealed = mutableListOf<String>()
        val printed = Emulator(adminKey = canary).use { canaryEmulator ->
            captureEverything { log -> useEveryWay(canaryEmulator, canary, revealed, log) }
        }
        for (shown in listOf("[redacted]", "Yep", "DeepgramException\$Auth", "InvalidOptions", "DeepgramException\$Config", "DeepgramException\$Network", "uncaught")) {
            assertTrue(printed.contains(shown), "'$shown' is missing from what was printed")
        }
        // The created key's and the granted token's secrets.
        assertEquals(2, revealed.size)
        for (secret in listOf(canary) + revealed) {
            // Half of it, so a truncated secret (an excerpt, a prefix) counts too.
            assertFalse(printed.contains(secret.take(secret.length / 2)), "a secret leaked in:\n$printed")
        }
    }

    /**
     * Succeeds and fails every way with the [canary] as the owner key, printing every object it
     * touches (toString), every exception (toString, message, stack trace) and logging them.
     */
    private fun useEveryWay(emulator: Emulator, canary: String, revealed: MutableList<String>, log: Logger) {
        fun show(vararg values: Any?) = values.forEach {
            println(it)
            log.fine("value: $it")
        }
        fun fails(call: suspend () -> Unit) {
            val e = assertThrows<DeepgramException> { runBlocking { call() } }
            show(e, e.message, e.stackTraceToString())
            e.printStackTrace()
            log.log(Level.WARNING, "the call failed", e)
        }
        val settings = ClientSettings(apiKey = Secret(canary), baseUrl = emulator.url, retries = 0u)
        val client = DeepgramClient(settings)
        show(client, settings)
        runBlocking {
            show(client.transcribeUrl(Emulator.BUELLER_URL, TranscribeOptions(model = "nova-3", smartFormat = true)))
            show(client.listProjects())
            val created = client.createKey(emulator.projectId, CreateKeyOptions(comment = "canary", scopes = listOf("member")))
            revealed += created.key.reveal()
            show(created, created.key, created.copy(), client.listKeys(emulator.projectId), client.getKey(emulator.projectId, created.apiKeyId))
            val token = client.grantToken()
            revealed += token.accessToken.reveal()
            show(token, token.accessToken)
            // The created key and the token, used as credentials.
            show(DeepgramClient(settings.copy(apiKey = created.key)).listProjects())
            show(DeepgramClient(settings.copy(apiKey = null, accessToken = token.accessToken)).transcribeUrl(Emulator.BUELLER_URL))
        }
        // A wrong key (the canary with a suffix): 401.
        val wrong = DeepgramClient(settings.copy(apiKey = Secret("$canary-wrong")))
        show(wrong)
        fails { wrong.transcribeUrl(Emulator.BUELLER_URL) }
        fails { wrong.listKeys(emulator.projectId) }
        // Bad options: typed errors before anything is sent.
        fails { client.transcribeUrl(Emulator.BUELLER_URL, TranscribeOptions(encoding = "linear16")) }
        fails { client.createKey(emulator.projectId, CreateKeyOptions(comment = "", scopes = emptyList())) }
        fails { DeepgramClient(settings.copy(baseUrl = "http://example.com")) }
        fails { DeepgramClient(settings.copy(accessToken = Secret(canary))) }
        // Nothing listens on port 9: network errors.
        val unreachable = DeepgramClient(settings.copy(baseUrl = "http://127.0.0.1:9"))
        fails { unreachable.listProjects() }
        fails { unreachable.createKey(emulator.projectId, CreateKeyOptions(comment = "never", scopes = listOf("member"))) }
        // An exception nobody catches: the thread's default handler prints it.
        val thread = Thread({ runBlocking { wrong.listProjects() } }, "uncaught")
        thread.start()
        thread.join()
    }

    /**
     * Runs [block] with System.out, System.err, descriptor 2 (where native code would write)
     * and every java.util.logging record (at every level) captured; returns all of it.
     */
    private fun captureEverything(block: (Logger) -> Unit): String {
        val stdio = ByteArrayOutputStream()
        val records = StringBuilder()
        val handler = object : Handler() {
            override fun publish(record: LogRecord) {
                records.appendLine("${record.level} ${record.message} ${record.thrown?.stackTraceToString() ?: ""}")
            }
            override fun flush() {}
            override fun close() {}
        }
        val root = Logger.getLogger("")
        val rootLevel = root.level
        // Only the capturing handler: the console one writes to the stderr of before.
        val rootHandlers = root.handlers.toList()
        val log = Logger.getLogger("canary")
        val nativeErr = Files.createTempFile("dg-canary", ".err")
        val (out, err) = System.out to System.err
        val savedFd2 = libc.dup(2)
        val fileFd = libc.open(nativeErr.toString(), O_WRONLY or O_TRUNC)
        try {
            check(savedFd2 >= 0 && fileFd >= 0 && libc.dup2(fileFd, 2) == 2) { "cannot redirect descriptor 2" }
            root.level = Level.ALL
            log.level = Level.ALL
            rootHandlers.forEach(root::removeHandler)
            root.addHandler(handler)
            PrintStream(stdio, true).use { capture ->
                System.setOut(capture)
                System.setErr(capture)
                block(log)
            }
        } finally {
            System.setOut(out)
            System.setErr(err)
            root.removeHandler(handler)
            rootHandlers.forEach(root::addHandler)
            root.level = rootLevel
            libc.dup2(savedFd2, 2)
            libc.close(savedFd2)
            libc.close(fileFd)
        }
        return "$stdio\n$records\n${Files.readString(nativeErr).also { Files.delete(nativeErr) }}"
    }

    @Suppress("FunctionName")
    private interface LibC : Library {
        fun dup(fd: Int): Int
        fun dup2(from: Int, to: Int): Int
        fun open(path: String, flags: Int): Int
        fun close(fd: Int): Int
    }

    private companion object {
        val libc: LibC = Native.load("c", LibC::class.java)
        const val O_WRONLY = 1
        const val O_TRUNC = 0x200
    }
}
