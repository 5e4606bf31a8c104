// Runs the generated Swift API against dg-emulator (DG_EMULATOR = its binary; DG_FIXTURES =
// tests/fixtures). Compiled and run only where a Swift toolchain exists (see ../../README.md).
import Dg
import Foundation
import XCTest

/// A dg-emulator process on a free loopback port, started with `--json`.
final class Emulator {
    let process = Process()
    let url: String
    let projectId: String
    let ownerKey: String

    init() throws {
        let binary = try XCTUnwrap(ProcessInfo.processInfo.environment["DG_EMULATOR"], "set DG_EMULATOR")
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--addr", "127.0.0.1:0", "--json"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([0x0A]) {
            line.append(byte)
        }
        let info = try XCTUnwrap(JSONSerialization.jsonObject(with: line) as? [String: String])
        url = try XCTUnwrap(info["url"])
        projectId = try XCTUnwrap(info["project_id"])
        ownerKey = try XCTUnwrap(info["owner_key"])
    }

    func client(key: String? = nil, timeoutMs: UInt64? = nil) throws -> DeepgramClient {
        try DeepgramClient(
            settings: ClientSettings(apiKey: Secret(value: key ?? ownerKey), baseUrl: url, timeoutMs: timeoutMs, retries: 0))
    }

    func fault(_ json: String) async throws {
        var request = URLRequest(url: URL(string: url + "/__emulator/faults")!)
        request.httpMethod = "POST"
        request.setValue("Token \(ownerKey)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        _ = try await URLSession.shared.data(for: request)
    }

    deinit { process.terminate() }
}

final class DgTests: XCTestCase {
    static let preambleSha256 = "95dc40091b6a8456a1554ddfc4f163768217afd66bee70a10c74bb52805cd0d9"
    var emulator: Emulator!
    var preamble: String!

    override func setUpWithError() throws {
        emulator = try Emulator()
        let fixtures = ProcessInfo.processInfo.environment["DG_FIXTURES"] ?? "../../tests/fixtures"
        preamble = fixtures + "/audio/preamble-rest.wav"
    }

    func testTranscribesAFileBytesAndAURL() async throws {
        let client = try emulator.client()
        let options = TranscribeOptions(model: "nova-3", smartFormat: true)
        let file = try await client.transcribeFile(path: preamble, options: options)
        XCTAssertEqual(file.metadata.sha256, Self.preambleSha256)
        XCTAssertTrue(file.transcript?.hasPrefix("We, the people") ?? false)
        let bytes = try await client.transcribeBytes(
            audio: Data(contentsOf: URL(fileURLWithPath: preamble)), contentType: nil, options: options)
        XCTAssertEqual(bytes.metadata.sha256, Self.preambleSha256)
        let url = try await client.transcribeUrl(
            url: "https://static.deepgram.com/examples/Bueller-Life-moves-pretty-fast.wav", options: options)
        XCTAssertTrue(url.json.contains("\"results\""))
    }

    func testKeysAndTokensKeepTheirSecretsOutOfDescriptions() async throws {
        let client = try emulator.client()
        XCTAssertEqual(try await client.listProjects().map(\.projectId), [emulator.projectId])
        let key = try await client.createKey(
            projectId: emulator.projectId,
            options: CreateKeyOptions(comment: "swift", scopes: ["member"], tags: [], expirationDate: nil, timeToLiveInSeconds: nil))
        let secret = key.key.reveal()
        XCTAssertEqual(secret.count, 40)
        XCTAssertFalse(String(describing: key).contains(secret))
        XCTAssertFalse(String(describing: client).contains(emulator.ownerKey))
        let listed = try await client.listKeys(projectId: emulator.projectId, status: .active)
        XCTAssertTrue(listed.contains { $0.apiKey.apiKeyId == key.apiKeyId })
        let got = try await client.getKey(projectId: emulator.projectId, keyId: key.apiKeyId)
        XCTAssertEqual(got.apiKey.comment, "swift")
        _ = try await client.deleteKey(projectId: emulator.projectId, keyId: key.apiKeyId)
        let token = try await client.grantToken(ttlSeconds: 60)
        XCTAssertFalse(String(describing: token).contains(token.accessToken.reveal()))
    }

    func testErrorsAreTyped() async throws {
        do {
            _ = try await emulator.client(key: "wrong").listProjects()
            XCTFail("expected Auth")
        } catch let DeepgramError.Auth(_, status, code, requestId, _, _, _, _, _, _) {
            XCTAssertEqual(status, 401)
            XCTAssertEqual(code, "INVALID_AUTH")
            XCTAssertNotNil(requestId)
        }
        do {
            _ = try await emulator.client().transcribeFile(path: "/nonexistent/dg.wav", options: nil)
            XCTFail("expected File")
        } catch let DeepgramError.File(_, _, _, _, _, _, _, _, path, _) {
            XCTAssertEqual(path, "/nonexistent/dg.wav")
        }
        try await emulator.fault(#"{"count":1,"status":503}"#)
        do {
            _ = try await emulator.client().listProjects()
            XCTFail("expected Server")
        } catch let DeepgramError.Server(_, status, _, _, _, _, _, _, _, _) {
            XCTAssertEqual(status, 503)
        }
    }

    func testAFailedCreateKeySaysWhetherTheRequestWasSent() async throws {
        let options = CreateKeyOptions(comment: "swift", scopes: ["member"], tags: [], expirationDate: nil, timeToLiveInSeconds: nil)
        // Port 9 (discard) has no listener on a test machine: the connection is refused.
        let closed = try DeepgramClient(
            settings: ClientSettings(apiKey: Secret(value: "k"), baseUrl: "http://127.0.0.1:9", retries: 0))
        do {
            _ = try await closed.createKey(projectId: "p1", options: options)
            XCTFail("expected Network")
        } catch let DeepgramError.Network(reason, _, _, _, _, requestSent, _, _, _, _) {
            XCTAssertFalse(requestSent, reason)
        }
        try await emulator.fault(#"{"count":1,"drop":"after_body","path_prefix":"/v1/projects/\#(emulator.projectId)/keys"}"#)
        do {
            _ = try await emulator.client().createKey(projectId: emulator.projectId, options: options)
            XCTFail("expected Network")
        } catch let DeepgramError.Network(reason, _, _, _, _, requestSent, _, _, _, _) {
            XCTAssertTrue(requestSent, reason)
        }
    }

    func testCancellingTheTaskCancelsTheRequest() async throws {
        try await emulator.fault(#"{"count":1,"delay_ms":60000,"path_prefix":"/v1/projects"}"#)
        let client = try emulator.client()
        let task = Task { try await client.listProjects() }
        try await Task.sleep(nanoseconds: 200_000_000)
        task.cancel()
        _ = await task.result
        XCTAssertEqual(try await client.listProjects().count, 1)
    }
}
