package io.github.dgsdk.dg

import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path
import java.nio.file.Paths

/**
 * A dg-emulator process on a free loopback port (`--addr 127.0.0.1:0 --json`), with its test
 * controls: fault injection, new members and request statistics. Its owner key is [adminKey]
 * when given (passed in the environment, as the emulator advises), else one it generates.
 */
class Emulator(adminKey: String? = null) : AutoCloseable {
    private val process: Process
    val url: String
    val projectId: String
    val ownerKey: String
    private val http = HttpClient.newHttpClient()

    init {
        val binary = System.getProperty("dg.emulator") ?: error("-Ddg.emulator is not set")
        process = ProcessBuilder(binary, "--addr", "127.0.0.1:0", "--json")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .apply {
                environment().remove("DG_EMULATOR_ADMIN_KEY")
                if (adminKey != null) environment()["DG_EMULATOR_ADMIN_KEY"] = adminKey
            }
            .start()
        val line = BufferedReader(InputStreamReader(process.inputStream)).readLine()
            ?: error("dg-emulator exited without printing its address")
        url = field(line, "url")
        projectId = field(line, "project_id")
        ownerKey = adminKey ?: field(line, "owner_key")
    }

    /** A client of this emulator with the owner key (or [key]), never retrying unless told. */
    fun client(key: String = ownerKey, retries: UInt = 0u, timeoutMs: ULong? = null) =
        DeepgramClient(settings(key, retries, timeoutMs))

    /** Settings for this emulator with the owner key (or [key]). */
    fun settings(key: String = ownerKey, retries: UInt = 0u, timeoutMs: ULong? = null) =
        ClientSettings(apiKey = Secret(key), baseUrl = url, retries = retries, timeoutMs = timeoutMs)

    /** Queues a fault (`POST /__emulator/faults`, with the owner key), e.g. `{"count":1,"status":503}`. */
    fun fault(json: String) {
        control("/__emulator/faults", json)
    }

    /** A new member of the default project with [role]; returns its key. */
    fun member(email: String, role: String): String =
        field(control("/__emulator/members", """{"email":"$email","role":"$role"}"""), "key")

    /** A counter of `GET /__emulator/stats` (`requests`, `audio_bytes_received`, ...). */
    fun stat(name: String): Long {
        val request = HttpRequest.newBuilder(URI.create("$url/__emulator/stats"))
            .header("Authorization", "Token $ownerKey").GET().build()
        val body = http.send(request, HttpResponse.BodyHandlers.ofString()).body()
        return Regex("\"$name\"\\s*:\\s*(\\d+)").find(body)?.groupValues?.get(1)?.toLong()
            ?: error("no $name in $body")
    }

    private fun control(path: String, json: String): String {
        val request = HttpRequest.newBuilder(URI.create("$url$path"))
            .header("Authorization", "Token $ownerKey")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build()
        val answer = http.send(request, HttpResponse.BodyHandlers.ofString())
        check(answer.statusCode() == 200) { "$path: ${answer.statusCode()} ${answer.body()}" }
        return answer.body()
    }

    override fun close() {
        process.destroy()
        process.waitFor()
        // Its pipes now, not when the collector finds them: a test counting descriptors runs later.
        process.inputStream.close()
        process.outputStream.close()
        process.errorStream.close()
    }

    companion object {
        private fun field(json: String, name: String): String =
            Regex("\"$name\"\\s*:\\s*\"([^\"]*)\"").find(json)?.groupValues?.get(1)
                ?: error("no $name in $json")

        /** tests/fixtures in the repository. */
        val fixtures: Path = Paths.get(System.getProperty("dg.fixtures") ?: "../../../tests/fixtures")
        val preamble: Path = fixtures.resolve("audio/preamble-rest.wav")
        const val PREAMBLE_SHA256 = "95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9"
        /** A URL whose recorded answer the emulator serves without fetching it. */
        const val BUELLER_URL = "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav"
    }
}
