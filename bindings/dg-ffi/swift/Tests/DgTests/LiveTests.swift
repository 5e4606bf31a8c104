// Live streaming in Swift where it is Swift's own (issue 17's tests for every language): a file
// paced at 10x; Flux's configure; many sessions at once from one process; cancelling the Task
// that iterates `session.events`, or leaving its `for try await` loop, closes the socket as the
// server sees it; and no key in what Swift shows of a session, its events and its errors. What the conformance cases check
// for every language (the transcript, interim results, Finalize, reconnection, 1008) is not
// repeated here. The tests that count streams start an emulator of their own, so no other
// test's stream is counted.
import Dg
import Foundation
import XCTest

final class LiveTests: XCTestCase {
    /// The recorded nova-3 smart_format transcript of the preamble.
    static let transcript = "We, the people of The United States, in order to form a more perfect union, establish justice, "
        + "ensure domestic tranquility, provide for the common defense, promote the general welfare, and secure the "
        + "blessings of liberty to ourselves and our posterity to ordain and establish this constitution for The United "
        + "States Of America."

    /// The first two seconds of the preamble (16 kHz, 16-bit mono, after its 44-byte header):
    /// enough for a first result, with the stream left open.
    static let twoSeconds = 44 + 2 * 32_000

    var preamble = Data()

    override func setUpWithError() throws {
        let fixtures = ProcessInfo.processInfo.environment["DG_FIXTURES"] ?? "../../../tests/fixtures"
        preamble = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/audio/preamble-rest.wav"))
    }

    /// The non-empty transcripts of the final results, joined by one space.
    static func finalText(_ events: [LiveEvent]) -> String {
        events.compactMap { event -> String? in
            guard case let .results(result) = event, result.isFinal == true else { return nil }
            let text = result.channel.alternatives.first?.transcript ?? ""
            return text.isEmpty ? nil : text
        }.joined(separator: " ")
    }

    /// Waits until `emulator` sees no stream open; fails (and returns false) when that takes
    /// longer than `seconds` from `since`.
    @discardableResult
    func assertAllClosed(_ emulator: Emulator, within seconds: Double, since: Date, file: StaticString = #filePath, line: UInt = #line) async throws -> Bool {
        while true {
            let open = try await emulator.stat("live_streams_open")
            if open == 0 { return true }
            let waited = Date().timeIntervalSince(since)
            guard waited < seconds else {
                XCTFail("the emulator still sees \(open) stream(s) open after \(waited) s", file: file, line: line)
                return false
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    func testStreamPacesTheFileAt10xAndABadSpeedSendsNothing() async throws {
        let session = try await Emulator.shared.client().listenLive(
            options: TranscribeOptions(model: "nova-3", smartFormat: true), settings: nil)
        let fixtures = ProcessInfo.processInfo.environment["DG_FIXTURES"] ?? "../../../tests/fixtures"
        let path = fixtures + "/audio/preamble-rest.wav"
        // Refused before anything is sent (the transcript below would show it otherwise).
        for speed in [0.0, -1.0, Double.nan] {
            do {
                _ = try await session.stream(path: path, speed: speed)
                XCTFail("speed \(speed) was taken")
            } catch DeepgramError.InvalidOptions {}
        }
        // Raw audio whose byte rate nothing says cannot be paced.
        do {
            _ = try await session.streamBytes(audio: Data(repeating: 1, count: 4_000), speed: 1)
            XCTFail("raw audio was paced")
        } catch DeepgramError.InvalidOptions {}
        let reading = Task { () throws -> [LiveEvent] in
            var events: [LiveEvent] = []
            for try await event in session.events { events.append(event) }
            return events
        }
        let started = Date()
        let sent = try await session.stream(path: path, speed: 10)
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(sent, UInt64(preamble.count))
        // 19.1 s of audio at 10 times real time.
        XCTAssertTrue((1.7...10).contains(seconds), "streamed in \(seconds) s")
        try await session.closeStream()
        let events = try await reading.value
        XCTAssertEqual(Self.finalText(events), Self.transcript)
        guard case .metadata? = events.last else { return XCTFail("the last event is not Metadata") }
    }

    func testFluxConfigureIsAnsweredAndItsTurnsGiveTheWords() async throws {
        let session = try await Emulator.shared.client().listenFlux(options: FluxOptions(model: "flux-general-en"), settings: nil)
        try await session.configure(configure: FluxConfigure(eotThreshold: 0.8, keyterms: ["Deepgram"]))
        // Checked before sending: refused, naming the field the Swift way.
        do {
            try await session.configure(configure: FluxConfigure(eotTimeoutMs: 50))
            XCTFail("an eot_timeout_ms of 50 was sent")
        } catch let DeepgramError.InvalidOptions(_, _, _, _, _, _, _, option, _, _) {
            XCTAssertEqual(option, "eotTimeoutMs")
        }
        // Finalize is /v1/listen's.
        do {
            try await session.finalize()
            XCTFail("Finalize was sent on Flux")
        } catch DeepgramError.InvalidOptions {}
        let audio = preamble
        let sending = Task {
            _ = try await session.streamBytes(audio: audio, speed: nil)
            try await session.closeStream()
        }
        var events: [LiveEvent] = []
        for try await event in session.events { events.append(event) }
        try await sending.value
        guard case .connected? = events.first else { return XCTFail("the first event is not Connected: \(String(describing: events.first))") }
        let answers: [ConfigureSuccess] = events.compactMap { if case let .configureSuccess(success) = $0 { return success }; return nil }
        XCTAssertEqual(answers.count, 1, "one Configure, one ConfigureSuccess")
        XCTAssertEqual(answers.first?.thresholds?.eotThreshold, 0.8)
        XCTAssertEqual(answers.first?.keyterms, ["Deepgram"])
        let turns: [String] = events.compactMap {
            if case let .turnInfo(turn) = $0, turn.event == "EndOfTurn" { return turn.transcript }
            return nil
        }
        let text = turns.joined(separator: " ")
        XCTAssertTrue(text.hasPrefix("We, the people") && text.hasSuffix("America."), text)
    }

    func testAHundredConcurrentSessionsFromOneProcessEachGetTheRecordedTranscript() async throws {
        let emulator = try Emulator.start()
        let client = try emulator.client()
        let audio = preamble
        // The test's time limit: after two minutes every session is aborted, which ends its
        // events early (and so fails the test) instead of waiting forever.
        let sessions = Sessions()
        let watchdog = Task {
            try await Task.sleep(nanoseconds: 120_000_000_000)
            XCTFail("the sessions took more than two minutes")
            await sessions.abortAll()
        }
        defer { watchdog.cancel() }
        // Each session: its request id, its transcript and the request id its Metadata names.
        let ends = try await withThrowingTaskGroup(of: (String?, String, String?).self) { group in
            for _ in 0..<100 {
                group.addTask {
                    let session = try await client.listenLive(
                        options: TranscribeOptions(model: "nova-3", smartFormat: true), settings: nil)
                    await sessions.add(session)
                    let sending = Task {
                        let sent = try await session.streamBytes(audio: audio, speed: nil)
                        try await session.closeStream()
                        return sent
                    }
                    var events: [LiveEvent] = []
                    for try await event in session.events { events.append(event) }
                    let sent = try await sending.value
                    XCTAssertEqual(sent, UInt64(audio.count))
                    guard case let .metadata(metadata)? = events.last else {
                        return (session.requestId(), Self.finalText(events), nil)
                    }
                    return (session.requestId(), Self.finalText(events), metadata.requestId)
                }
            }
            var ends: [(String?, String, String?)] = []
            for try await end in group { ends.append(end) }
            return ends
        }
        XCTAssertEqual(ends.count, 100)
        for (requestId, text, metadataId) in ends {
            XCTAssertEqual(text, Self.transcript)
            XCTAssertNotNil(requestId)
            XCTAssertEqual(metadataId, requestId, "each session ends with its own Metadata")
        }
        XCTAssertEqual(Set(ends.map { $0.0 }).count, 100, "100 streams, each its own")
        let opened = try await emulator.stat("live_streams_opened")
        XCTAssertEqual(opened, 100)
        // Every session has been let go: its socket closes.
        try await assertAllClosed(emulator, within: 5, since: Date())
    }

    func testCancellingTheTaskThatIteratesTheEventsClosesTheSocketWithinASecond() async throws {
        let emulator = try Emulator.start()
        let session = try await emulator.client().listenLive(options: TranscribeOptions(model: "nova-3"), settings: nil)
        _ = try await session.streamBytes(audio: preamble.prefix(Self.twoSeconds), speed: nil)
        let (firsts, first) = AsyncStream.makeStream(of: LiveEvent.self)
        let iterating = Task {
            for try await event in session.events { first.yield(event) }
            first.finish()
        }
        var got = firsts.makeAsyncIterator()
        let event = await got.next()
        XCTAssertNotNil(event, "no event came")
        let open = try await emulator.stat("live_streams_open")
        XCTAssertEqual(open, 1)
        iterating.cancel()
        // `session` is still referenced (and nothing closed it): only the cancellation can
        // close the socket.
        let closed = try await assertAllClosed(emulator, within: 1, since: Date())
        // Failed: closed here, so that the iteration below ends and the failure is reported.
        if !closed { session.abort() }
        // The cancelled iteration ends (the events end with the socket), without an error.
        try await iterating.value
        let opened = try await emulator.stat("live_streams_opened")
        XCTAssertEqual(opened, 1)
        withExtendedLifetime(session) {}
    }

    func testLeavingTheForTryAwaitLoopClosesTheSocketWithinASecond() async throws {
        let emulator = try Emulator.start()
        let session = try await emulator.client().listenLive(options: TranscribeOptions(model: "nova-3"), settings: nil)
        _ = try await session.streamBytes(audio: preamble.prefix(Self.twoSeconds), speed: nil)
        var first: LiveEvent?
        for try await event in session.events {
            first = event
            let open = try await emulator.stat("live_streams_open")
            XCTAssertEqual(open, 1)
            break
        }
        let left = Date()
        XCTAssertNotNil(first, "no event came")
        // `session` is still referenced: only leaving the loop (which drops its iterator) can
        // close the socket.
        try await assertAllClosed(emulator, within: 1, since: left)
        withExtendedLifetime(session) {}
    }

    func testNoDescriptionOrErrorOfASessionOrItsEventsShowsItsKey() async throws {
        // The emulator's owner key, so the stream opens and runs with it.
        let key = "canary0swift0key0" + String(repeating: "e", count: 23)
        let emulator = try Emulator.start(adminKey: key)
        let settings = ClientSettings(apiKey: Secret(value: key), baseUrl: emulator.url, retries: 0)
        let client = try DeepgramClient(settings: settings)
        var shown: [Any] = [settings, client]
        // A stream the server closes with 1008 after two messages: its events end in a typed error.
        try await emulator.fault(#"{"count":1,"path_prefix":"/v1/listen","cut_live_after_messages":2,"close_code":1008}"#)
        let session = try await client.listenLive(options: TranscribeOptions(model: "nova-3"), settings: LiveSettings())
        let requestId = try XCTUnwrap(session.requestId())
        // The session's description names the stream, not its credentials.
        XCTAssertEqual(String(describing: session), "LiveSession(\(requestId))")
        let audio = preamble
        let sending = Task {
            _ = try await session.streamBytes(audio: audio, speed: nil)
            try await session.closeStream()
        }
        var events: [LiveEvent] = []
        do {
            for try await event in session.events { events.append(event) }
            XCTFail("the events ended without the 1008 error")
        } catch let error as DeepgramError {
            guard case .BadRequest = error else { return XCTFail("expected BadRequest, got \(error)") }
            shown.append(error)
        }
        XCTAssertFalse(events.isEmpty, "no event before the close")
        shown += events.map { $0 as Any }
        if case let .failure(error) = await sending.result { shown.append(error) }
        // Sending after the stream ended fails (the core stops taking commands before it hands
        // over the error), and its error's text is searched too.
        do {
            try await session.send(audio: audio.prefix(8 * 1024))
            XCTFail("a send after the end went out")
        } catch {
            shown.append(error)
        }
        shown.append(session)
        // A created key whose answer is unreadable: the raw answer (its secret) kept, hidden.
        try await emulator.fault(#"{"count":1,"path_prefix":"/v1/projects","status":200,"body":"{\"api_key_id\":5,\"key\":\"canary-raw-0001\"}"}"#)
        do {
            _ = try await client.createKey(projectId: emulator.projectId, options: CreateKeyOptions(comment: "c", scopes: ["member"]))
            XCTFail("expected KeyCreatedUndecodable")
        } catch let error as DeepgramError {
            guard case let .KeyCreatedUndecodable(_, _, _, _, _, _, _, _, _, raw) = error else {
                return XCTFail("expected KeyCreatedUndecodable, got \(error)")
            }
            XCTAssertTrue(raw?.reveal().contains("canary-raw-0001") ?? false, "the raw answer is kept")
            shown.append(error)
        }

        // Every way Swift shows a value: description, debugDescription, dump, and an error's
        // localizedDescription and errorDescription.
        var texts: [String] = []
        for value in shown {
            var dumped = ""
            dump(value, to: &dumped)
            texts += [String(describing: value), String(reflecting: value), dumped]
            if let error = value as? Error { texts.append(error.localizedDescription) }
            if let error = value as? LocalizedError { texts.append(error.errorDescription ?? "") }
        }
        // Half of each secret, so a truncated one (an excerpt, a prefix) counts too.
        for secret in [key, "canary-raw-0001"] {
            let half = String(secret.prefix(secret.count / 2))
            for text in texts { XCTAssertFalse(text.contains(half), "a secret leaked in: \(text)") }
        }
        // What was searched holds the error and the redacted key, so the search can find things.
        XCTAssertTrue(texts.contains { $0.contains("1008") }, "the 1008 error is not among what was shown")
        XCTAssertTrue(texts.contains { $0.contains("[redacted]") }, "no redacted secret among what was shown")
    }
}

/// The sessions a test opened, for its time limit to abort.
actor Sessions {
    private var open: [LiveSession] = []

    func add(_ session: LiveSession) {
        open.append(session)
    }

    func abortAll() {
        for session in open { session.abort() }
    }
}
