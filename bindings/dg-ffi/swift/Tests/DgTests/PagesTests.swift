// `client.requests(...)`: the core's RequestPages as an AsyncSequence, and usage under a key's
// tag, as PagesTest.kt does for Kotlin. Each test starts its own emulator, so the requests it
// lists are exactly those it made.
import Dg
import XCTest

final class PagesTests: XCTestCase {
    var preamble: String {
        ProcessInfo.processInfo.environment["DG_FIXTURES", default: "../../../tests/fixtures"] + "/audio/preamble-rest.wav"
    }

    /// Every request `options` selects, by iterating `requests` to its end.
    func all(_ client: DeepgramClient, _ projectId: String, _ options: ListRequestsOptions) async throws -> [ProjectRequest] {
        var seen: [ProjectRequest] = []
        for try await request in client.requests(projectId: projectId, options: options).requests {
            seen.append(request)
        }
        return seen
    }

    func testEveryRequestIsListedOnceAPageOfTwoAtATime() async throws {
        let emulator = try Emulator.start()
        let client = try emulator.client()
        var made: [String] = []
        for _ in 0..<5 {
            let answer = try await client.transcribeFile(path: preamble, options: nil)
            made.append(try XCTUnwrap(answer.metadata.requestId))
        }
        XCTAssertEqual(Set(made).count, 5)
        let before = try await emulator.stat("requests")
        let pages = client.requests(projectId: emulator.projectId, options: ListRequestsOptions(limit: 2))
        var seen: [ProjectRequest] = []
        for try await request in pages.requests { seen.append(request) }
        XCTAssertEqual(seen.count, made.count, "\(seen.map(\.requestId))")
        XCTAssertEqual(Set(seen.map(\.requestId)), Set(made))
        XCTAssertEqual(seen.first?.code, 200)
        // Pages of 2, 2 and 1: the short one is the end (the core's rule).
        let asked = try await emulator.stat("requests") - before
        XCTAssertTrue((3...4).contains(asked), "\(asked) pages asked for")
        let end = try await pages.next()
        XCTAssertNil(end, "the end stays the end")
        for limit: UInt32 in [1, 5, 10] {
            let again = try await all(client, emulator.projectId, ListRequestsOptions(limit: limit))
            XCTAssertEqual(again.map(\.requestId).sorted(), made.sorted(), "limit \(limit)")
        }
    }

    func testABadFilterIsRefusedBeforeAnythingIsSent() async throws {
        let emulator = try Emulator.start()
        let client = try emulator.client()
        let before = try await emulator.stat("requests")
        do {
            _ = try await all(client, emulator.projectId, ListRequestsOptions(limit: 0))
            XCTFail("expected InvalidOptions")
        } catch let DeepgramError.InvalidOptions(_, _, _, _, _, requestSent, _, _, _, _) {
            XCTAssertFalse(requestSent)
        }
        do {
            _ = try await client.requests(
                projectId: emulator.projectId, options: ListRequestsOptions(start: "2030-01-02", end: "2030-01-01")
            ).next()
            XCTFail("expected InvalidOptions")
        } catch DeepgramError.InvalidOptions {}
        let after = try await emulator.stat("requests")
        XCTAssertEqual(after, before, "nothing was sent")
    }

    func testATaggedKeysRequestIsCountedUnderItsTagAndNotUnderAnother() async throws {
        let emulator = try Emulator.start()
        let client = try emulator.client()
        let key = try await client.createKey(
            projectId: emulator.projectId,
            options: CreateKeyOptions(comment: "tagged", scopes: ["member"], tags: ["swift-red"]))
        let tagged = try DeepgramClient(settings: ClientSettings(apiKey: key.key, baseUrl: emulator.url, retries: 0))
        let answer = try await tagged.transcribeFile(path: preamble, options: nil)
        let id = try XCTUnwrap(answer.metadata.requestId)
        func requests(_ tag: String) async throws -> Double {
            let breakdown = try await client.getUsageBreakdown(
                projectId: emulator.projectId, options: GetUsageBreakdownOptions(tag: tag))
            return breakdown.results.reduce(0) { $0 + ($1.requests ?? 0) }
        }
        let red = try await requests("swift-red")
        let blue = try await requests("swift-blue")
        XCTAssertEqual(red, 1)
        XCTAssertEqual(blue, 0)
        let listed = try await all(client, emulator.projectId, ListRequestsOptions(limit: 3))
        XCTAssertEqual(listed.filter { $0.requestId == id }.map(\.apiKeyId), [key.apiKeyId])
    }
}
