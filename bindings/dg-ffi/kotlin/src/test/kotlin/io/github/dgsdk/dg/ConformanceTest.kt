package io.github.dgsdk.dg

import java.lang.reflect.InvocationTargetException
import java.net.InetAddress
import java.net.ServerSocket
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.extension
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.readText
import kotlin.reflect.KClass
import kotlin.reflect.KParameter
import kotlin.reflect.full.callSuspendBy
import kotlin.reflect.full.instanceParameter
import kotlin.reflect.full.memberFunctions
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor
import kotlin.reflect.full.valueParameters
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.longOrNull
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Assumptions.abort
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance

/**
 * The conformance suite (tests/conformance/README.md) through the Kotlin API: every case of
 * tests/conformance/cases/ as a dynamic test named after it, each against a fresh emulator.
 * Settings and listen options are given by their snake_case names and set on [ClientSettings]
 * and [TranscribeOptions] by their camelCase property names; a case that Kotlin's types cannot
 * express (an unknown name, a value of the wrong type) is skipped, as the compiler would refuse
 * it; those are listed in [notExpressible], and any other one fails. Nothing the calls produce
 * may hold the `$canary` key.
 *
 * The calls other than transcriptions and streams (`list_projects`, `create_key`, `get_project`,
 * ...) are the `method`s of tests/schema/calls.json: the [DeepgramClient] suspend
 * function of its camelCase name is called by reflection, with the path arguments (strings, in
 * order) and the named ones, as the `<Method>Options` record (built like the settings) when the
 * function takes one, else each as its own parameter. The answer is written back as JSON from
 * the answer model's fields in tests/schema/models.json (their JSON names, `otherJson` merged
 * in; a one-field answer, which the API unwraps, under its field's name), so a call added to
 * the core's table needs no code here.
 *
 * Live cases (`live`, `flux`) open the stream with `listenLive`/`listenFlux` ([LiveSettings]
 * built the same way), send the audio from one coroutine while another collects
 * [LiveSession.events], and match the README's summary of the events, built from each event's
 * record ([LiveEvent.Reconnected] counts as `dg.Reconnected`; [LiveEvent.Unknown] by its JSON).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceTest {
    private val tests: Path = Emulator.fixtures.toAbsolutePath().parent
    private val audio: Path = Emulator.fixtures.resolve("audio")
    private var run = 0
    private var passed = 0
    private var skipped = 0

    /** The class stem of each error kind, from tests/schema/errors.json. */
    private val classOf: Map<String, String> =
        Json.parseToJsonElement(tests.resolve("schema/errors.json").readText()).jsonObject["kinds"]!!.jsonArray
            .associate { it.jsonObject.string("name") to it.jsonObject.string("class_stem") }

    /** The core's calls (tests/schema/calls.json) by `method`. */
    private val calls: Map<String, JsonObject> =
        Json.parseToJsonElement(tests.resolve("schema/calls.json").readText()).jsonObject["calls"]!!.jsonArray
            .associate { it.jsonObject.string("method") to it.jsonObject }

    /** The answer models' fields (tests/schema/models.json) by model name. */
    private val models: Map<String, List<JsonObject>> =
        Json.parseToJsonElement(tests.resolve("schema/models.json").readText()).jsonObject["models"]!!.jsonArray
            .associate { it.jsonObject.string("name") to it.jsonObject["fields"]!!.jsonArray.map(JsonElement::jsonObject) }

    @TestFactory
    fun cases(): List<DynamicTest> {
        val dir = System.getProperty("dg.conformance.cases")?.let(Path::of) ?: tests.resolve("conformance/cases")
        val files = if (Files.isDirectory(dir)) dir.listDirectoryEntries().filter { it.extension == "json" }.sorted() else emptyList()
        val cases = files.flatMap { Json.parseToJsonElement(it.readText()).jsonArray.map { c -> c.jsonObject } }
        val names = cases.map { it.string("name") }
        assertEquals(names.size, names.toSet().size, "case names must be unique: $names")
        return cases.map { case ->
            val name = case.string("name")
            DynamicTest.dynamicTest(name) {
                run++
                try {
                    Emulator().use { Case(case, it).check() }
                } catch (e: NotExpressible) {
                    // Not skipped quietly: the cases found not expressible must be the ones listed.
                    if (name !in notExpressible) fail<Unit>("not expressible in Kotlin, and not listed as such: ${e.message}")
                    skipped++
                    abort<Unit>("not expressible in Kotlin: ${notExpressible[name]} (${e.message})")
                }
                if (name in notExpressible) fail<Unit>("listed as not expressible in Kotlin (${notExpressible[name]}), but it ran")
                passed++
            }
        }
    }

    /**
     * Every call of tests/schema/calls.json is a [DeepgramClient] function the runner can call:
     * one of its camelCase `method` name, with a parameter per path argument and each named
     * argument a parameter or a property of its `<Method>Options` record.
     */
    @Test
    fun everyCallOfTheTableIsAClientFunction() {
        for ((method, entry) in calls) {
            val function = DeepgramClient::class.memberFunctions.singleOrNull { it.name == camel(method) }
                ?: fail<Nothing>("no DeepgramClient.${camel(method)} for `$method`")
            val options = function.valueParameters.map { it.type.classifier as KClass<*> }
                .find { it.simpleName == camel("${method}_options").replaceFirstChar(Char::uppercase) }
            val names = function.valueParameters.map { it.name } + (options?.primaryConstructor?.parameters?.map { it.name } ?: emptyList())
            val given = entry["path"]!!.jsonArray + entry["args"]!!.jsonArray.map { it.jsonObject["name"]!! }
            for (name in given.map { camel(it.jsonPrimitive.content) }) assertTrue(name in names, "`$name` of `$method` is not in $function")
        }
    }

    @AfterAll
    fun summary() = println("kotlin conformance: $run cases run, $passed passed, $skipped skipped (not expressible)")

    /** The cases Kotlin's types cannot express, with why (the compiler would refuse them). */
    private val notExpressible = mapOf(
        "retries_of_the_wrong_type_are_refused" to "`retries` is a UInt in ClientSettings: the text \"three\" does not compile",
        "a_sample_rate_of_the_wrong_type_is_refused" to "`sampleRate` is a UInt in TranscribeOptions: the text \"fast\" does not compile",
        "a_boolean_option_given_text_is_refused" to "`smartFormat` is a Boolean in TranscribeOptions: the text \"yes\" does not compile",
        "a_request_status_is_one_of_the_spec" to
            "`status` is a RequestStatus in ListRequestsOptions (SUCCEEDED or FAILED): \"pending\" does not compile",
    )

    /** A case Kotlin's types cannot express. */
    private class NotExpressible(message: String) : Exception(message)

    private inner class Case(private val case: JsonObject, private val emulator: Emulator) {
        /** Every text the calls produced, searched for the canary at the end. */
        private val shown = StringBuilder()

        /** The key created for `$created_key_id`, if the case names it. */
        private var keyId: String? = null

        fun check() {
            case["fault"]?.let { emulator.fault(it.toString()) }
            val expect = case["expect"]!!.jsonObject
            val outcome = runCatching { call() }
            val answer = outcome.getOrNull()
            val error = outcome.exceptionOrNull()
            if (error != null && error !is DeepgramException) throw error
            error?.let { show(it, it.message, it.stackTraceToString()) }
            assertFalse(shown.contains(CANARY), "the canary key appears in what the calls produced:\n$shown")
            expect["ok"]?.let { ok ->
                if (error != null) fail<Unit>("expected success, got $error")
                for ((path, matcher) in ok.jsonObject) match(path, lookup(answer!!, path), matcher)
            }
            expect["error"]?.let { checkError(error as DeepgramException?, it.jsonObject) }
        }

        private fun show(vararg values: Any?) = values.forEach { shown.appendLine(it.toString()) }

        private fun call(): JsonElement {
            val settings = settings(case["client"]?.jsonObject
                ?: JsonObject(mapOf("api_key" to JsonPrimitive("\$owner_key"), "base_url" to JsonPrimitive("\$url"), "retries" to JsonPrimitive(0))))
            val args = case["args"]?.jsonObject ?: JsonObject(emptyMap())
            keyId = if (args.toString().contains("\$created_key_id")) {
                runBlocking { emulator.client().createKey(emulator.projectId, CreateKeyOptions(comment = "conformance", scopes = listOf("member"))) }.apiKeyId
            } else null
            fun arg(name: String): String? = args[name]?.let { if (it is JsonNull) null else text(it, name) }
            fun required(name: String) = arg(name) ?: throw NotExpressible("`$name` is missing")
            val client = DeepgramClient(settings)
            show(client)
            if (case.string("call") == "connect") return JsonObject(emptyMap())
            val options by lazy { args["options"]?.let { listenOptions(it.jsonObject) } }
            return runBlocking {
                when (val call = case.string("call")) {
                    "live", "flux" -> live(client, call, args, audioBytes(required("audio")))
                    "transcribe_file" -> client.transcribeFile(audioPath(required("audio")).toString(), options).json()
                    "transcribe_bytes", "transcribe_stream" ->
                        client.transcribeBytes(audioBytes(required("audio")), arg("content_type"), options).json()
                    "transcribe_url" -> client.transcribeUrl(required("url"), options).json()
                    else -> invoke(client, calls[call] ?: fail("unknown call `$call`"), args)
                }
            }
        }

        /**
         * A call of the core's table ([entry]): the [DeepgramClient] function of its camelCase
         * `method`, given the path arguments in order and the named ones (as its
         * `<Method>Options` record when it takes one); the answer as JSON.
         */
        private suspend fun invoke(client: DeepgramClient, entry: JsonObject, args: JsonObject): JsonElement {
            val method = entry.string("method")
            val function = DeepgramClient::class.memberFunctions.singleOrNull { it.name == camel(method) }
                ?: fail("no DeepgramClient.${camel(method)} for `$method`")
            val path = entry["path"]!!.jsonArray.map { it.jsonPrimitive.content }
            val named = JsonObject(args - path.toSet())
            val given = mutableMapOf<KParameter, Any?>(function.instanceParameter!! to client)
            val used = path.toMutableSet()
            for (param in function.valueParameters) {
                val type = param.type.classifier as KClass<*>
                val name = path.find { camel(it) == param.name }
                when {
                    name != null -> given[param] = args[name]?.takeIf { it !is JsonNull }?.let { text(it, name) }
                        ?: throw NotExpressible("`$name` is missing")
                    type.simpleName == camel("${method}_options").replaceFirstChar(Char::uppercase) -> {
                        given[param] = build(type, named)
                        used += named.keys
                    }
                    else -> {
                        val snake = named.keys.find { camel(it) == param.name }
                        val value = snake?.let { named[it] }?.takeIf { it !is JsonNull }
                        if (value != null) {
                            given[param] = value(type, param.type.arguments.firstOrNull()?.type?.classifier, value, snake)
                            used += snake
                        } else if (!param.isOptional) {
                            given[param] = if (param.type.isMarkedNullable) null else throw NotExpressible("`${param.name}` is missing")
                        }
                    }
                }
            }
            (args.keys - used).firstOrNull()?.let { throw NotExpressible("no `$it` in ${function.name}") }
            val answer = try {
                function.callSuspendBy(given)
            } catch (e: InvocationTargetException) {
                throw e.targetException
            }
            show(answer)
            return answer(entry, answer)
        }

        /**
         * The answer of the call [entry] as JSON: a list of its model for a `list` call; a
         * one-field model's value (the API unwraps it) under that field's JSON name.
         */
        private fun answer(entry: JsonObject, answer: Any?): JsonElement {
            val model = entry.string("answer")
            val fields = models[model] ?: fail("no model `$model` in models.json")
            return when {
                entry["list"]?.jsonPrimitive?.booleanOrNull == true -> json(answer, "$model[]")
                fields.size == 1 -> JsonObject(mapOf(fields[0].string("json") to json(answer, fields[0].string("type"))))
                else -> json(answer, model)
            }
        }

        /**
         * A record or value of the models.json type [type] as JSON: a record's fields under
         * their JSON names (the absent ones left out) and its `otherJson` fields; raw JSON
         * (`any`, `map<string, any>`) from its text; a secret revealed.
         */
        private fun json(value: Any?, type: String): JsonElement = when {
            value == null -> JsonNull
            type.endsWith("[]") -> JsonArray((value as List<*>).map { json(it, type.removeSuffix("[]")) })
            value is String && (type == "any" || type.startsWith("map<")) -> Json.parseToJsonElement(value)
            type.startsWith("map<") -> JsonObject((value as Map<*, *>).entries.associate { (k, v) ->
                k as String to json(v, type.substringAfter(", ").removeSuffix(">"))
            })
            type in models -> {
                val properties = value::class.memberProperties.associateBy { it.name }
                fun property(name: String) = (properties[name] ?: fail("no `$name` in ${value::class.simpleName}")).getter.call(value)
                val fields = models[type]!!.associate { field -> field.string("json") to json(property(camel(field.string("name"))), field.string("type")) }
                val other = (property("otherJson") as String?)?.let { Json.parseToJsonElement(it).jsonObject } ?: JsonObject(emptyMap())
                JsonObject(fields.filterValues { it !is JsonNull } + other)
            }
            value is Secret -> JsonPrimitive(value.reveal())
            value is String -> JsonPrimitive(value)
            value is Boolean -> JsonPrimitive(value)
            value is Number -> JsonPrimitive(value)
            value is UInt -> JsonPrimitive(value.toLong())
            value is ULong -> JsonPrimitive(value.toLong())
            value is UShort -> JsonPrimitive(value.toInt())
            else -> fail("no JSON for a ${value::class.simpleName} as `$type`")
        }

        /**
         * A live case: opens the stream, sends [audio] (its first `first_bytes`) in 8 KiB chunks
         * (`chunk_delay_ms` apart), `Finalize` when asked and `CloseStream`, in one coroutine,
         * while collecting the events in this one; the summary of the events. An error ending
         * the events is the answer; one from sending only when the events ended normally.
         */
        private suspend fun live(client: DeepgramClient, call: String, args: JsonObject, audio: ByteArray): JsonElement {
            val given = args["options"]?.jsonObject ?: JsonObject(emptyMap())
            val settings = args["settings"]?.takeIf { it !is JsonNull }?.let { build(LiveSettings::class, it.jsonObject) }
            show(settings)
            val session = when (call) {
                "flux" -> client.listenFlux(build(FluxOptions::class, given), settings)
                else -> client.listenLive(listenOptions(given), settings)
            }
            show(session)
            return session.use {
                val sent = args["first_bytes"]?.let { audio.copyOfRange(0, minOf(audio.size, number(it, "first_bytes").toInt())) } ?: audio
                val pause = args["chunk_delay_ms"]?.let { number(it, "chunk_delay_ms") }
                val finalize = (args["finalize"] as? JsonPrimitive)?.booleanOrNull == true
                coroutineScope {
                    val feeding = async {
                        runCatching {
                            for (at in sent.indices step LIVE_CHUNK) {
                                session.send(sent.copyOfRange(at, minOf(at + LIVE_CHUNK, sent.size)))
                                pause?.let { delay(it) }
                            }
                            if (finalize) session.finalize()
                            session.closeStream()
                        }
                    }
                    val events = session.events.onEach { show(it) }.toList()
                    feeding.await().onFailure { show(it) }.getOrThrow()
                    summary(session.requestId(), events).also { show(it) }
                }
            }
        }

        private fun ListenResult.json(): JsonElement {
            show(this)
            return Json.parseToJsonElement(json)
        }

        private fun audioPath(name: String): Path =
            if (name == "\$missing") Path.of("/nonexistent/dg-conformance.wav") else audio.resolve(name)

        private fun audioBytes(name: String): ByteArray =
            if (name == "\$empty") ByteArray(0) else Files.readAllBytes(audioPath(name))

        /** A string argument with its placeholders replaced. */
        private fun text(value: JsonElement, name: String): String {
            val raw = (value as? JsonPrimitive)?.takeIf { it.isString }?.content ?: throw NotExpressible("`$name` is not a string: $value")
            var out = raw.replace("\$url", emulator.url).replace("\$owner_key", emulator.ownerKey)
                .replace("\$project_id", emulator.projectId).replace("\$canary", CANARY)
                .replace("\$closed_port_url", "http://127.0.0.1:${closedPort()}")
            keyId?.let { out = out.replace("\$created_key_id", it) }
            return out
        }

        private fun settings(given: JsonObject): ClientSettings = build(ClientSettings::class, given)

        private fun listenOptions(given: JsonObject): TranscribeOptions = build(TranscribeOptions::class, given)

        /** A record of [type] with each given snake_case name set on its camelCase property. */
        private fun <T : Any> build(type: KClass<T>, given: JsonObject): T {
            val constructor = type.primaryConstructor!!
            val args = given.filterValues { it !is JsonNull }.map { (name, value) ->
                val param = constructor.parameters.find { it.name == camel(name) } ?: throw NotExpressible("no `$name` in ${type.simpleName}")
                param to value(param.type.classifier, param.type.arguments.firstOrNull()?.type?.classifier, value, name)
            }.toMap()
            constructor.parameters.find { !it.isOptional && it !in args }?.let { throw NotExpressible("`${it.name}` is missing in ${type.simpleName}") }
            return constructor.callBy(args)
        }

        /** [value] as the Kotlin type [classifier] (of [item]s for a list). */
        private fun value(classifier: Any?, item: Any?, value: JsonElement, name: String): Any = when (classifier) {
            String::class -> text(value, name)
            Secret::class -> Secret(text(value, name))
            Boolean::class -> (value as? JsonPrimitive)?.takeIf { !it.isString }?.booleanOrNull ?: throw NotExpressible("`$name` is not a boolean")
            UInt::class -> number(value, name).also { if (it !in 0..UInt.MAX_VALUE.toLong()) throw NotExpressible("`$name` is out of range") }.toUInt()
            ULong::class -> number(value, name).also { if (it < 0) throw NotExpressible("`$name` is negative") }.toULong()
            Double::class -> (value as? JsonPrimitive)?.takeIf { !it.isString }?.doubleOrNull ?: throw NotExpressible("`$name` is not a number")
            DetectLanguage::class -> when {
                value is JsonPrimitive && !value.isString -> DetectLanguage.Enabled(value.booleanOrNull ?: throw NotExpressible("`$name`: $value"))
                else -> DetectLanguage.Among(strings(value, name))
            }
            List::class -> when (item) {
                String::class -> strings(value, name)
                QueryPair::class -> when (value) {
                    is JsonObject -> value.map { (k, v) -> QueryPair(k, scalar(v, name)) }
                    is JsonArray -> value.map { pair ->
                        val (k, v) = (pair as? JsonArray)?.takeIf { it.size == 2 } ?: throw NotExpressible("`$name`: $pair is not a pair")
                        QueryPair(text(k, name), scalar(v, name))
                    }
                    else -> throw NotExpressible("`$name`: $value")
                }
                else -> if ((item as? KClass<*>)?.java?.isEnum == true) strings(value, name).map { enumValue(item, it, name) }
                    else error("no conversion to a list of $item for `$name`")
            }
            else -> if ((classifier as? KClass<*>)?.java?.isEnum == true) enumValue(classifier, text(value, name), name)
                else error("no conversion to $classifier for `$name`")
        }

        /**
         * The constant of the enum [type] a JSON value names (`self-hosted` is `SELF_HOSTED`); a
         * value the spec does not list has no constant, as the compiler would refuse it.
         */
        private fun enumValue(type: KClass<*>, given: String, name: String): Any =
            type.java.enumConstants.find { (it as Enum<*>).name == given.uppercase().replace('-', '_') }
                ?: throw NotExpressible("`$name` is a ${type.simpleName}: \"$given\" is none of its constants")

        /** A list of strings; one string is a list of one, as in the core. */
        private fun strings(value: JsonElement, name: String): List<String> =
            if (value is JsonArray) value.map { text(it, name) } else listOf(text(value, name))

        private fun number(value: JsonElement, name: String): Long =
            (value as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull ?: throw NotExpressible("`$name` is not an integer: $value")

        /** A query value: a string, or a number or boolean as its JSON text. */
        private fun scalar(value: JsonElement, name: String): String =
            if (value is JsonPrimitive && value.isString) text(value, name) else (value as? JsonPrimitive)?.content ?: throw NotExpressible("`$name`: $value")

        private fun checkError(error: DeepgramException?, expected: JsonObject) {
            if (error == null) fail<Unit>("expected an error, the call succeeded")
            error!!
            val kind = expected.string("kind")
            assertEquals(classOf[kind] ?: fail("unknown kind `$kind`"), error::class.simpleName, "the class of $error")
            val fields = error::class.memberProperties.associate { it.name to it.getter.call(error) }
            for ((name, want) in expected) {
                when (name) {
                    "kind" -> {}
                    "message_contains" -> {
                        // Backticked names spelled the Kotlin way, as the message spells them.
                        val part = text(want, name).split('`').mapIndexed { i, p -> if (i % 2 == 1) camel(p) else p }.joinToString("`")
                        val reason = fields["reason"] as String
                        assertTrue(reason.contains(part), "`$reason` does not contain $part")
                    }
                    "option" -> assertEquals(want.jsonPrimitive.contentOrNullSafe()?.let(::camel), fields["option"], "option of $error")
                    else -> {
                        if (camel(name) !in fields) fail<Unit>("the error has no `$name`: $error")
                        assertTrue(sameJson(want, fields[camel(name)]), "$name: want $want, got ${fields[camel(name)]} in $error")
                    }
                }
            }
        }

        private fun lookup(answer: JsonElement, path: String): JsonElement? =
            path.split('.').fold(answer as JsonElement?) { at, key ->
                when (at) {
                    is JsonObject -> at[key]
                    is JsonArray -> key.toIntOrNull()?.let { at.getOrNull(it) }
                    else -> null
                }
            }

        private fun match(path: String, got: JsonElement?, matcher: JsonElement) {
            val special = (matcher as? JsonObject)?.takeIf { it.size == 1 }?.entries?.single()
            when (special?.key) {
                "present" -> assertEquals(special.value.jsonPrimitive.booleanOrNull, got != null && got !is JsonNull, "$path present")
                "contains" -> assertTrue(got is JsonPrimitive && got.content.contains(special.value.jsonPrimitive.content), "$path: $got does not contain ${special.value}")
                "min_len" -> {
                    val len = when (got) {
                        is JsonArray -> got.size
                        is JsonPrimitive -> if (got.isString) got.content.length else -1
                        else -> -1
                    }
                    assertTrue(len >= special.value.jsonPrimitive.longOrNull!!, "$path: $got is shorter than ${special.value}")
                }
                else -> {
                    val want = if (matcher is JsonPrimitive && matcher.isString) JsonPrimitive(text(matcher, path)) else matcher
                    assertTrue(got != null && sameJson(want, got), "$path: want $want, got $got")
                }
            }
        }
    }

    private companion object {
        /** A well-formed API key (40 hex digits) the emulator does not know. */
        val CANARY = "ca" + "fe".repeat(19)

        /** Live cases send their audio in chunks of 8 KiB. */
        const val LIVE_CHUNK = 8 * 1024

        /** The `type` the server gave [event] (`dg.Reconnected` for dg's own). */
        fun type(event: LiveEvent): String = when (event) {
            is LiveEvent.Results -> event.result.kind
            // `ListenMetadata` is also REST's `metadata`, which has no `type`.
            is LiveEvent.Metadata -> "Metadata"
            is LiveEvent.UtteranceEnd -> event.utteranceEnd.kind
            is LiveEvent.SpeechStarted -> event.speechStarted.kind
            is LiveEvent.Error -> event.error.kind
            is LiveEvent.Connected -> event.connected.kind
            is LiveEvent.TurnInfo -> event.turn.kind
            is LiveEvent.ConfigureSuccess -> event.success.kind
            is LiveEvent.ConfigureFailure -> event.failure.kind
            is LiveEvent.Reconnected -> "dg.Reconnected"
            is LiveEvent.Unknown -> (Json.parseToJsonElement(event.json) as? JsonObject)?.get("type")?.let { (it as? JsonPrimitive)?.content } ?: ""
        }

        /** The summary of a stream's events that live cases match (tests/conformance/README.md). */
        fun summary(requestId: String?, events: List<LiveEvent>): JsonObject {
            // The final results: their transcript and start.
            val finals: List<Pair<String, Double?>> = events.mapNotNull { event ->
                when {
                    event is LiveEvent.Results && event.result.isFinal == true ->
                        (event.result.channel.alternatives.firstOrNull()?.transcript ?: "") to event.result.start
                    event is LiveEvent.TurnInfo && event.turn.event == "EndOfTurn" -> event.turn.transcript to event.turn.audioWindowStart
                    else -> null
                }
            }
            val transcripts = finals.map { it.first }.filter { it.isNotEmpty() }
            val starts = finals.mapNotNull { it.second }
            val results = events.filterIsInstance<LiveEvent.Results>().map { it.result }
            return JsonObject(mapOf(
                "request_id" to JsonPrimitive(requestId),
                "transcript" to JsonPrimitive(transcripts.joinToString(" ")),
                "finals" to JsonPrimitive(transcripts.size),
                "interim" to JsonPrimitive(results.any { it.isFinal == false }),
                "from_finalize" to JsonPrimitive(results.any { it.fromFinalize == true }),
                "reconnected" to JsonPrimitive(events.count { type(it) == "dg.Reconnected" }),
                "starts_in_order" to JsonPrimitive(starts.zipWithNext().all { (a, b) -> a <= b }),
                "first" to JsonPrimitive(events.firstOrNull()?.let(::type)),
                "last" to JsonPrimitive(events.lastOrNull()?.let(::type)),
            ))
        }

        fun camel(snake: String) = snake.split('_').mapIndexed { i, p -> if (i == 0) p else p.replaceFirstChar(Char::uppercase) }.joinToString("")

        fun JsonObject.string(name: String) = this[name]?.jsonPrimitive?.content ?: error("no `$name` in $this")

        fun JsonPrimitive.contentOrNullSafe(): String? = if (this is JsonNull) null else content

        /** A JSON value against a JSON value or a Kotlin field (numbers by value, unsigned too). */
        fun sameJson(want: JsonElement, got: Any?): Boolean = when {
            want is JsonNull -> got == null || got is JsonNull
            got is JsonElement && got !is JsonPrimitive -> want == got
            want is JsonPrimitive && want.isString -> (got as? JsonPrimitive)?.content == want.content || got == want.content
            want is JsonPrimitive && want.booleanOrNull != null -> got == want.booleanOrNull || (got as? JsonPrimitive)?.booleanOrNull == want.booleanOrNull
            want is JsonPrimitive -> want.doubleOrNull == when (got) {
                is JsonPrimitive -> got.doubleOrNull
                is UShort -> got.toDouble()
                is UInt -> got.toDouble()
                is ULong -> got.toDouble()
                is Number -> got.toDouble()
                else -> null
            }
            else -> false
        }

        fun closedPort(): Int = ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { it.localPort }
    }
}
