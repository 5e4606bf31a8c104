// The conformance suite (tests/conformance/README.md) through the Swift API: every case of
// tests/conformance/cases/*.json, run the way ConformanceTest.kt runs it for Kotlin. Settings,
// listen options and live settings are given by their snake_case names and set on the generated
// records through the tables below (Swift cannot set a property by name; the tables are checked
// against the records' own fields, so a new field cannot be left out silently). A case Swift's
// types cannot express (an unknown name, a value of the wrong type) is "not expressible", as the
// compiler would refuse it; those are listed in `notExpressible`, and any other one fails.
//
// The calls other than transcriptions and streams (`list_projects`, `create_key`, `get_project`,
// ...) are the `method`s of tests/schema/calls.json. Swift cannot call a method by name, so
// `Calls.make` has one line per call (a call of the table missing there fails
// testEveryCallOfTheTableRuns); it is given the path arguments in order and the named ones, set
// on the call's `<Method>Options` record through the tables (or on `Direct`, for the parameters
// of their own). The answer is written back as JSON from the answer model's fields in
// tests/schema/models.json (their JSON names, `otherJson` merged in; a one-field answer, which
// the API unwraps, under its field's name), read from the records with Mirror.
//
// The cases run one after another against the emulator the other tests use (as the Rust runner
// does): each fault's `count` is exactly the requests its call makes, so none outlives its case.
// Live cases (`live`, `flux`) open the stream with `listenLive`/`listenFlux`, send the audio
// from one Task while this one iterates `session.events` with `for try await`, and match the
// README's summary of the events. Nothing the calls produce may hold the `$canary` key.
import Dg
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XCTest

final class ConformanceTests: XCTestCase {
    /// The cases Swift's types cannot express, with why; the same ones Kotlin cannot (a value
    /// of the wrong JSON type for a typed field, a value an enum does not have). A case that
    /// newly fails to convert is not skipped quietly: the set found must be this one.
    static let notExpressible: [String: String] = [
        "retries_of_the_wrong_type_are_refused": "`retries` is a UInt32 in ClientSettings: the text \"three\" does not compile",
        "a_sample_rate_of_the_wrong_type_is_refused": "`sampleRate` is a UInt32 in TranscribeOptions: the text \"fast\" does not compile",
        "a_boolean_option_given_text_is_refused": "`smartFormat` is a Bool in TranscribeOptions: the text \"yes\" does not compile",
        "a_request_status_is_one_of_the_spec":
            "`status` is a RequestStatus in ListRequestsOptions (.succeeded or .failed): \"pending\" does not compile",
    ]

    /// A well-formed API key (40 hex digits) the emulator does not know.
    static let canary = "ca" + String(repeating: "fe", count: 19)

    /// Live cases send their audio in chunks of 8 KiB.
    static let liveChunk = 8 * 1024

    /// tests/ of the repository: the parent of DG_FIXTURES (tests/fixtures), as in DgTests.
    static var tests: URL {
        let fixtures = ProcessInfo.processInfo.environment["DG_FIXTURES"] ?? "../../../tests/fixtures"
        return URL(fileURLWithPath: fixtures).deletingLastPathComponent()
    }

    func testEveryCase() async throws {
        let emulator = Emulator.shared
        let tests = Self.tests
        let dir = ProcessInfo.processInfo.environment["DG_CONFORMANCE_CASES"].map { URL(fileURLWithPath: $0) }
            ?? tests.appendingPathComponent("conformance/cases")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        var cases: [JSON] = []
        for file in files {
            guard case let .array(list) = try JSON.parse(Data(contentsOf: dir.appendingPathComponent(file))) else {
                return XCTFail("\(file) is not a JSON array")
            }
            cases += list
        }
        let names = try cases.map { try $0.string("name") }
        XCTAssertEqual(names.count, Set(names).count, "case names must be unique: \(names)")
        XCTAssertGreaterThanOrEqual(cases.count, 60, "only \(cases.count) cases in \(dir.path)")
        let errors = try JSON.parse(Data(contentsOf: tests.appendingPathComponent("schema/errors.json")))
        guard case let .array(kinds)? = errors["kinds"] else { return XCTFail("no kinds in errors.json") }
        let classOf = try Dictionary(uniqueKeysWithValues: kinds.map { (try $0.string("name"), try $0.string("class_stem")) })

        var passed = 0
        var skipped: [String: String] = [:]
        var failures: [String] = []
        var shown = ""
        for (name, data) in zip(names, cases) {
            let run = Case(data, emulator: emulator, classOf: classOf)
            do {
                try await run.check()
                passed += 1
            } catch let error as NotExpressible {
                skipped[name] = error.reason
            } catch {
                failures.append("\(name): \(error)")
            }
            shown += run.shown
        }
        print("conformance (swift): \(cases.count) cases, \(passed) passed, \(failures.count) failed, \(skipped.count) not expressible")
        for (name, reason) in skipped.sorted(by: { $0.key < $1.key }) {
            print("  not expressible in Swift: \(name): \(reason)")
        }
        for failure in failures { print("  FAILED \(failure)") }
        XCTAssertEqual(Set(skipped.keys), Set(Self.notExpressible.keys), "the cases Swift cannot express: \(skipped)")
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n"))
        // Each case checks its own text; this is the whole run's, what a log of it would hold.
        XCTAssertFalse(shown.contains(Self.canary), "the canary key appears in what the calls produced")
        // What the runner shows includes the clients' settings: their keys as Secret shows them.
        XCTAssertTrue(shown.contains("[redacted]"), "the runner saw no redacted secret: it shows nothing")
    }

    /// Every field of the records a case can set is in its table: a field missing there would
    /// make a case naming it "not expressible" instead of running.
    func testTheTablesNameEveryField() {
        func labels(_ value: Any) -> Set<String> { Set(Mirror(reflecting: value).children.compactMap { $0.label }) }
        XCTAssertEqual(Set(Fields.client.keys), labels(ClientSettings()))
        XCTAssertEqual(Set(Fields.listen.keys), labels(TranscribeOptions()))
        XCTAssertEqual(Set(Fields.flux.keys), labels(FluxOptions()))
        XCTAssertEqual(Set(Fields.live.keys), labels(LiveSettings()))
        XCTAssertEqual(Set(Fields.createKey.keys), labels(CreateKeyOptions(comment: "", scopes: [])))
        XCTAssertEqual(Set(Fields.updateProject.keys), labels(UpdateProjectOptions(name: "")))
        XCTAssertEqual(Set(Fields.updateMemberScopes.keys), labels(UpdateMemberScopesOptions(scope: "")))
        XCTAssertEqual(Set(Fields.sendInvite.keys), labels(SendInviteOptions(email: "", scope: "")))
        XCTAssertEqual(Set(Fields.listRequests.keys), labels(ListRequestsOptions()))
        XCTAssertEqual(Set(Fields.getUsage.keys), labels(GetUsageOptions()))
        XCTAssertEqual(Set(Fields.getUsageFields.keys), labels(GetUsageFieldsOptions()))
        XCTAssertEqual(Set(Fields.getUsageBreakdown.keys), labels(GetUsageBreakdownOptions()))
        XCTAssertEqual(Set(Fields.listModels.keys), labels(ListModelsOptions()))
        XCTAssertEqual(Set(Fields.listProjectModels.keys), labels(ListProjectModelsOptions()))
    }

    /// Every call of tests/schema/calls.json has its line in `Calls.make`, and takes each of its
    /// named arguments (every value of an enum among them) through the tables: each is given
    /// alone, with a value of its declared type, and must convert.
    func testEveryCallOfTheTableRuns() throws {
        let run = Case(.object([:]), emulator: Emulator.shared, classOf: [:])
        XCTAssertFalse(Schema.calls.isEmpty, "no calls in tests/schema/calls.json")
        for (method, entry) in Schema.calls.sorted(by: { $0.key < $1.key }) {
            let path = [String](repeating: "x", count: 4)
            XCTAssertNoThrow(try Calls.make(method, path, .object([:]), run), method)
            guard case let .array(declared)? = entry["args"] else { continue }
            for arg in declared {
                let (name, type) = (try arg.string("name"), try arg.string("type"))
                // `enum<a|b>` and `list<enum<a|b>>`: each value; the other types one sample each.
                let values = type.split(whereSeparator: { "<>|".contains($0) }).map(String.init).filter { $0 != "enum" && $0 != "list" }
                let samples: [JSON]
                switch type {
                case "string": samples = [.string("x")]
                case "integer": samples = [.number(1)]
                case "boolean": samples = [.bool(true)]
                case "list<string>": samples = [.array([.string("x")])]
                case _ where type.hasPrefix("enum<"): samples = values.map(JSON.string)
                case _ where type.hasPrefix("list<enum<"): samples = [.array(values.map(JSON.string))]
                default: samples = []; XCTFail("\(method): no sample of `\(name)`'s type \(type)")
                }
                for sample in samples {
                    XCTAssertNoThrow(try Calls.make(method, path, .object([name: sample]), run), "\(method) \(name): \(sample)")
                }
            }
        }
    }
}

/// The core's call table (tests/schema/calls.json) by `method`, and the answer models
/// (tests/schema/models.json) by name.
enum Schema {
    static let calls = load("calls", key: "method")
    static let models = load("models", key: "name")

    private static func load(_ file: String, key: String) -> [String: JSON] {
        let url = ConformanceTests.tests.appendingPathComponent("schema/\(file).json")
        guard let data = try? Data(contentsOf: url), case let .array(items)? = (try? JSON.parse(data))?[file] else { return [:] }
        return Dictionary(items.compactMap { item in (try? item.string(key)).map { ($0, item) } }, uniquingKeysWith: { first, _ in first })
    }
}

/// The named arguments some calls take as parameters of their own, not in an options record.
struct Direct {
    var status: KeyStatus?
    var ttlSeconds: UInt32?
}

/// The calls of tests/schema/calls.json, through their DeepgramClient methods.
enum Calls {
    /// The call `method`, made later on a client: `p` its path arguments in order, `named` the
    /// others, set on its `<Method>Options` record (or `Direct`) now.
    static func make(_ method: String, _ p: [String], _ named: JSON, _ run: Case) throws -> (DeepgramClient) async throws -> Any {
        func with<Root>(_ initial: Root, _ fields: [String: Field<Root>]) throws -> Root { try run.build(initial, fields, named) }
        switch method {
        case "list_projects": return { try await $0.listProjects() }
        case "grant_token": let d = try with(Direct(), Fields.direct); return { try await $0.grantToken(ttlSeconds: d.ttlSeconds) }
        case "list_keys": let d = try with(Direct(), Fields.direct); return { try await $0.listKeys(projectId: p[0], status: d.status) }
        case "get_key": return { try await $0.getKey(projectId: p[0], keyId: p[1]) }
        case "delete_key": return { try await $0.deleteKey(projectId: p[0], keyId: p[1]) }
        case "create_key":
            let o = try with(CreateKeyOptions(comment: "", scopes: []), Fields.createKey)
            return { try await $0.createKey(projectId: p[0], options: o) }
        case "get_project": return { try await $0.getProject(projectId: p[0]) }
        case "update_project":
            let o = try with(UpdateProjectOptions(name: ""), Fields.updateProject)
            return { try await $0.updateProject(projectId: p[0], options: o) }
        case "delete_project": return { try await $0.deleteProject(projectId: p[0]) }
        case "leave_project": return { try await $0.leaveProject(projectId: p[0]) }
        case "list_members": return { try await $0.listMembers(projectId: p[0]) }
        case "remove_member": return { try await $0.removeMember(projectId: p[0], memberId: p[1]) }
        case "get_member_scopes": return { try await $0.getMemberScopes(projectId: p[0], memberId: p[1]) }
        case "update_member_scopes":
            let o = try with(UpdateMemberScopesOptions(scope: ""), Fields.updateMemberScopes)
            return { try await $0.updateMemberScopes(projectId: p[0], memberId: p[1], options: o) }
        case "list_invites": return { try await $0.listInvites(projectId: p[0]) }
        case "send_invite":
            let o = try with(SendInviteOptions(email: "", scope: ""), Fields.sendInvite)
            return { try await $0.sendInvite(projectId: p[0], options: o) }
        case "delete_invite": return { try await $0.deleteInvite(projectId: p[0], email: p[1]) }
        case "list_requests":
            let o = try with(ListRequestsOptions(), Fields.listRequests)
            return { try await $0.listRequests(projectId: p[0], options: o) }
        case "get_request": return { try await $0.getRequest(projectId: p[0], requestId: p[1]) }
        case "get_usage":
            let o = try with(GetUsageOptions(), Fields.getUsage)
            return { try await $0.getUsage(projectId: p[0], options: o) }
        case "get_usage_fields":
            let o = try with(GetUsageFieldsOptions(), Fields.getUsageFields)
            return { try await $0.getUsageFields(projectId: p[0], options: o) }
        case "get_usage_breakdown":
            let o = try with(GetUsageBreakdownOptions(), Fields.getUsageBreakdown)
            return { try await $0.getUsageBreakdown(projectId: p[0], options: o) }
        case "list_balances": return { try await $0.listBalances(projectId: p[0]) }
        case "get_balance": return { try await $0.getBalance(projectId: p[0], balanceId: p[1]) }
        case "list_models":
            let o = try with(ListModelsOptions(), Fields.listModels)
            return { try await $0.listModels(options: o) }
        case "get_model": return { try await $0.getModel(modelId: p[0]) }
        case "list_project_models":
            let o = try with(ListProjectModelsOptions(), Fields.listProjectModels)
            return { try await $0.listProjectModels(projectId: p[0], options: o) }
        case "get_project_model": return { try await $0.getProjectModel(projectId: p[0], modelId: p[1]) }
        default: throw CaseFailure(description: "no DeepgramClient method for `\(method)` in Calls.make")
        }
    }
}

/// A case Swift's types cannot express.
struct NotExpressible: Error {
    let reason: String
}

/// Why a case failed.
struct CaseFailure: Error, CustomStringConvertible {
    let description: String
}

/// One case: its call made through the Swift API, its outcome checked.
final class Case {
    private let data: JSON
    private let emulator: Emulator
    private let classOf: [String: String]
    /// Every text the calls produced, searched for the canary.
    private(set) var shown = ""
    /// The key created for `$created_key_id`, if the case names it.
    private var keyId: String?

    init(_ data: JSON, emulator: Emulator, classOf: [String: String]) {
        self.data = data
        self.emulator = emulator
        self.classOf = classOf
    }

    /// Appends each value as `description`, `debugDescription` and `dump` show it.
    private func show(_ values: Any?...) {
        for value in values {
            guard let value else { continue }
            shown += String(describing: value) + "\n" + String(reflecting: value) + "\n"
            dump(value, to: &shown)
        }
    }

    func check() async throws {
        let expect = data["expect"] ?? .object([:])
        // Everything is converted (and `$created_key_id` made) before the fault is set: a case
        // found not expressible sends nothing, so it leaves no fault to the next case.
        let perform = try await prepare()
        if let fault = data["fault"] { try await emulator.fault(fault.description) }
        var answer: JSON?
        var failure: DeepgramError?
        do {
            answer = try await perform()
        } catch let error as DeepgramError {
            failure = error
            show(error, error.localizedDescription)
        }
        guard !shown.contains(ConformanceTests.canary) else {
            throw CaseFailure(description: "the canary key appears in what the calls produced:\n\(shown)")
        }
        if case let .object(ok)? = expect["ok"] {
            if let failure { throw CaseFailure(description: "expected success, got \(failure)") }
            for (path, matcher) in ok.sorted(by: { $0.key < $1.key }) {
                try match(path, lookup(answer ?? .null, path), matcher)
            }
        } else if case let .object(expected)? = expect["error"] {
            guard let failure else { throw CaseFailure(description: "expected an error, the call succeeded: \(answer ?? .null)") }
            try checkError(failure, expected)
        } else {
            throw CaseFailure(description: "`expect` has neither `ok` nor `error`")
        }
    }

    /// The call, with its arguments converted: what runs once the fault is set.
    private func prepare() async throws -> () async throws -> JSON {
        let given = data["client"] ?? .object(["api_key": .string("$owner_key"), "base_url": .string("$url"), "retries": .number(0)])
        let settings = try build(ClientSettings(), Fields.client, given)
        let args = data["args"] ?? .object([:])
        if args.description.contains("$created_key_id") {
            keyId = try await emulator.client().createKey(
                projectId: emulator.projectId, options: CreateKeyOptions(comment: "conformance", scopes: ["member"])).apiKeyId
        }
        func arg(_ name: String) throws -> String? {
            guard let value = args[name], value != .null else { return nil }
            return try text(value, name)
        }
        func need(_ name: String) throws -> String {
            guard let value = try arg(name) else { throw NotExpressible(reason: "`\(name)` is missing") }
            return value
        }
        let call = try data.string("call")
        // The REST calls' options (a live case builds its own: Flux has other options).
        let options = call.hasPrefix("transcribe_") ? try args["options"].map { try build(TranscribeOptions(), Fields.listen, $0) } : nil
        let made: (DeepgramClient) async throws -> JSON
        switch call {
        case "connect":
            made = { _ in .object([:]) }
        case "live", "flux":
            let audio = try audioBytes(try need("audio"))
            let opened = try live(call, args)
            made = { client in
                let session = try await opened(client)
                return try await self.stream(session, args, audio)
            }
        case "transcribe_file":
            let path = try audioPath(try need("audio"))
            made = { client in try self.json(await client.transcribeFile(path: path, options: options)) }
        case "transcribe_bytes", "transcribe_stream":
            // Swift has no stream source: a stream case runs as bytes, as Kotlin's runner does.
            let audio = try audioBytes(try need("audio"))
            let contentType = try arg("content_type")
            made = { client in try self.json(await client.transcribeBytes(audio: audio, contentType: contentType, options: options)) }
        case "transcribe_url":
            let url = try need("url")
            made = { client in try self.json(await client.transcribeUrl(url: url, options: options)) }
        default:
            guard let entry = Schema.calls[call] else { throw CaseFailure(description: "unknown call `\(call)`") }
            made = try operation(entry, args)
        }
        return {
            let client = try DeepgramClient(settings: settings)
            self.show(client, settings)
            return try await made(client)
        }
    }

    /// A call of the core's table (`entry`): its path arguments in order and its named ones
    /// converted now; made on a client, its answer as JSON.
    private func operation(_ entry: JSON, _ args: JSON) throws -> (DeepgramClient) async throws -> JSON {
        guard case var .object(named) = args, case let .array(pathNames)? = entry["path"], case let .array(declared)? = entry["args"] else {
            throw CaseFailure(description: "bad `args` \(args) or call \(entry)")
        }
        var path: [String] = []
        for case let .string(name) in pathNames {
            guard let value = named.removeValue(forKey: name), value != .null else { throw NotExpressible(reason: "`\(name)` is missing") }
            path.append(try text(value, name))
        }
        let names = try declared.map { try $0.string("name") }
        if let unknown = named.keys.sorted().first(where: { !names.contains($0) }) {
            throw NotExpressible(reason: "no `\(unknown)` in \(try entry.string("method"))")
        }
        for arg in declared where arg["required"] == .bool(true) {
            let name = try arg.string("name")
            if named[name] == nil || named[name] == .null { throw NotExpressible(reason: "`\(name)` is missing") }
        }
        let call = try Calls.make(try entry.string("method"), path, .object(named), self)
        return { client in
            let answer = try await call(client)
            self.show(answer)
            return try self.answer(entry, answer)
        }
    }

    /// The answer of the call `entry` as JSON: a list of its model for a `list` call; a one-field
    /// model's value (the API unwraps it) under that field's JSON name.
    private func answer(_ entry: JSON, _ value: Any) throws -> JSON {
        let model = try entry.string("answer")
        guard case let .array(fields)? = Schema.models[model]?["fields"] else { throw CaseFailure(description: "no model `\(model)`") }
        if entry["list"] == .bool(true) { return try json(value, model + "[]") }
        if fields.count == 1 { return .object([try fields[0].string("json"): try json(value, try fields[0].string("type"))]) }
        return try json(value, model)
    }

    /// A record or value of the models.json type `schema` as JSON: a record's fields under their
    /// JSON names (the absent ones left out) and its `otherJson` fields; raw JSON (`any`,
    /// `map<string, any>`) from its text; a secret revealed.
    private func json(_ value: Any, _ schema: String) throws -> JSON {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let some = mirror.children.first?.value else { return .null }
            return try json(some, schema)
        }
        if schema.hasSuffix("[]"), let items = value as? [Any] { return .array(try items.map { try json($0, String(schema.dropLast(2))) }) }
        if schema == "any" || schema.hasPrefix("map<"), let text = value as? String { return try JSON.parse(text) }
        if schema.hasPrefix("map<"), let map = value as? [String: Any] {
            let item = String(schema.drop(while: { $0 != " " }).dropFirst().dropLast())
            return .object(try map.mapValues { try json($0, item) })
        }
        if case let .array(fields)? = Schema.models[schema]?["fields"] {
            var children: [String: Any] = [:]
            for child in mirror.children { if let label = child.label { children[label] = child.value } }
            var object: [String: JSON] = [:]
            for field in fields {
                let label = camel(try field.string("name"))
                guard let child = children[label] else { throw CaseFailure(description: "no `\(label)` in \(Swift.type(of: value))") }
                let converted = try json(child, try field.string("type"))
                if converted != .null { object[try field.string("json")] = converted }
            }
            if let other = children["otherJson"], case let .object(extra) = try json(other, "any") {
                object.merge(extra) { known, _ in known }
            }
            return .object(object)
        }
        switch value {
        case let secret as Secret: return .string(secret.reveal())
        case let text as String: return .string(text)
        case let flag as Bool: return .bool(flag)
        case let number as Double: return .number(number)
        case let number as UInt32: return .number(Double(number))
        case let number as UInt64: return .number(Double(number))
        case let number as Int: return .number(Double(number))
        default: throw CaseFailure(description: "no JSON for a \(Swift.type(of: value)) as `\(schema)`")
        }
    }

    private func json(_ result: ListenResult) throws -> JSON {
        show(result)
        return try JSON.parse(result.json)
    }

    /// Opens a live case's stream (`listenLive`, or `listenFlux` for `flux`) on a client.
    private func live(_ call: String, _ args: JSON) throws -> (DeepgramClient) async throws -> LiveSession {
        let given = args["options"] ?? .object([:])
        let settings = try args["settings"].flatMap { $0 == .null ? nil : try build(LiveSettings(), Fields.live, $0) }
        if call == "flux" {
            let options = try build(FluxOptions(), Fields.flux, given)
            return { client in
                self.show(settings)
                return try await client.listenFlux(options: options, settings: settings)
            }
        }
        let options = try build(TranscribeOptions(), Fields.listen, given)
        return { client in
            self.show(settings)
            return try await client.listenLive(options: options, settings: settings)
        }
    }

    /// A live case once its stream is open: sends the audio (its first `first_bytes`) in 8 KiB
    /// chunks (`chunk_delay_ms` apart), `Finalize` when asked and `CloseStream`, from a Task,
    /// while this one iterates the events; the summary of the events. An error ending the
    /// events is the answer; one from sending only when the events ended normally.
    private func stream(_ session: LiveSession, _ args: JSON, _ audio: Data) async throws -> JSON {
        show(session)
        let sent = try args["first_bytes"].map { audio.prefix(try integer($0, "first_bytes")) } ?? audio
        let pause = try args["chunk_delay_ms"].map { UInt64(try integer($0, "chunk_delay_ms")) }
        let finalize = args["finalize"] == .bool(true)
        let feeding = Task { () async -> Error? in
            do {
                for start in stride(from: sent.startIndex, to: sent.endIndex, by: ConformanceTests.liveChunk) {
                    try await session.send(audio: sent.subdata(in: start..<min(start + ConformanceTests.liveChunk, sent.endIndex)))
                    if let pause { try await Task.sleep(nanoseconds: pause * 1_000_000) }
                }
                if finalize { try await session.finalize() }
                try await session.closeStream()
                return nil
            } catch {
                return error
            }
        }
        var events: [LiveEvent] = []
        do {
            for try await event in session.events {
                show(event)
                events.append(event)
            }
        } catch {
            // The events' error is the answer; the sender, whose sends now fail, is let go.
            feeding.cancel()
            _ = await feeding.value
            throw error
        }
        if let failed = await feeding.value {
            show(failed)
            throw failed
        }
        let summary = Self.summary(requestId: session.requestId(), events)
        show(summary)
        return summary
    }

    /// The `type` the server gave `event` (`dg.Reconnected` for dg's own).
    static func type(_ event: LiveEvent) -> String {
        switch event {
        case let .results(result): return result.kind
        // `ListenMetadata` is also REST's `metadata`, which has no `type`.
        case .metadata: return "Metadata"
        case let .utteranceEnd(end): return end.kind
        case let .speechStarted(started): return started.kind
        case let .error(error): return error.kind
        case let .connected(connected): return connected.kind
        case let .turnInfo(turn): return turn.kind
        case let .configureSuccess(success): return success.kind
        case let .configureFailure(failure): return failure.kind
        case .reconnected: return "dg.Reconnected"
        case let .unknown(json):
            if case let .string(type)? = (try? JSON.parse(json))?["type"] { return type }
            return ""
        }
    }

    /// The summary of a stream's events that live cases match (tests/conformance/README.md).
    static func summary(requestId: String?, _ events: [LiveEvent]) -> JSON {
        // The final results: their transcript and start.
        let finals: [(String, Double?)] = events.compactMap { event in
            switch event {
            case let .results(result) where result.isFinal == true:
                return (result.channel.alternatives.first?.transcript ?? "", result.start)
            case let .turnInfo(turn) where turn.event == "EndOfTurn":
                return (turn.transcript, turn.audioWindowStart)
            default:
                return nil
            }
        }
        let transcripts = finals.map(\.0).filter { !$0.isEmpty }
        let starts = finals.compactMap(\.1)
        let results: [StreamingResult] = events.compactMap { if case let .results(result) = $0 { return result }; return nil }
        return .object([
            "request_id": requestId.map(JSON.string) ?? .null,
            "transcript": .string(transcripts.joined(separator: " ")),
            "finals": .number(Double(transcripts.count)),
            "interim": .bool(results.contains { $0.isFinal == false }),
            "from_finalize": .bool(results.contains { $0.fromFinalize == true }),
            "reconnected": .number(Double(events.filter { type($0) == "dg.Reconnected" }.count)),
            "starts_in_order": .bool(zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }),
            "first": events.first.map { .string(type($0)) } ?? .null,
            "last": events.last.map { .string(type($0)) } ?? .null,
        ])
    }

    private func audioPath(_ name: String) throws -> String {
        name == "$missing" ? "/nonexistent/dg-conformance.wav"
            : ConformanceTests.tests.appendingPathComponent("fixtures/audio/\(name)").path
    }

    private func audioBytes(_ name: String) throws -> Data {
        name == "$empty" ? Data() : try Data(contentsOf: URL(fileURLWithPath: try audioPath(name)))
    }

    /// A string argument with its placeholders replaced.
    func text(_ value: JSON, _ name: String) throws -> String {
        guard case let .string(raw) = value else { throw NotExpressible(reason: "`\(name)` is not a string: \(value)") }
        var out = raw.replacingOccurrences(of: "$url", with: emulator.url)
            .replacingOccurrences(of: "$owner_key", with: emulator.ownerKey)
            .replacingOccurrences(of: "$project_id", with: emulator.projectId)
            .replacingOccurrences(of: "$canary", with: ConformanceTests.canary)
        if out.contains("$closed_port_url") {
            out = out.replacingOccurrences(of: "$closed_port_url", with: "http://127.0.0.1:\(try closedPort())")
        }
        if let keyId { out = out.replacingOccurrences(of: "$created_key_id", with: keyId) }
        return out
    }

    /// A record made from `initial` with each given snake_case name set through its table.
    func build<Root>(_ initial: Root, _ fields: [String: Field<Root>], _ given: JSON) throws -> Root {
        guard case let .object(values) = given else { throw NotExpressible(reason: "\(Root.self): \(given) is not an object") }
        var record = initial
        for (name, value) in values.sorted(by: { $0.key < $1.key }) where value != .null {
            guard let field = fields[camel(name)] else { throw NotExpressible(reason: "no `\(name)` in \(Root.self)") }
            try field.set(&record, value, name, self)
        }
        return record
    }

    /// A list of strings; one string is a list of one, as in the core.
    func strings(_ value: JSON, _ name: String) throws -> [String] {
        if case let .array(items) = value { return try items.map { try text($0, name) } }
        return [try text(value, name)]
    }

    func integer(_ value: JSON, _ name: String) throws -> Int {
        guard case let .number(number) = value, let exact = Int(exactly: number) else {
            throw NotExpressible(reason: "`\(name)` is not an integer: \(value)")
        }
        return exact
    }

    /// A query value: a string, or a number or boolean as its JSON text.
    func scalar(_ value: JSON, _ name: String) throws -> String {
        switch value {
        case .string: return try text(value, name)
        case .number, .bool: return value.description
        default: throw NotExpressible(reason: "`\(name)`: \(value)")
        }
    }

    private func checkError(_ error: DeepgramError, _ expected: [String: JSON]) throws {
        let kind = try JSON.object(expected).string("kind")
        guard let stem = classOf[kind] else { throw CaseFailure(description: "unknown kind `\(kind)`") }
        let (name, fields) = Self.record(error)
        guard name == stem else { throw CaseFailure(description: "want \(stem), got \(error)") }
        for (field, want) in expected.sorted(by: { $0.key < $1.key }) {
            switch field {
            case "kind":
                break
            case "message_contains":
                // Backticked names spelled the Swift way, as the message spells them.
                let part = try text(want, field).split(separator: "`", omittingEmptySubsequences: false).enumerated()
                    .map { $0.offset % 2 == 1 ? camel(String($0.element)) : String($0.element) }.joined(separator: "`")
                let reason = fields["reason"] as? String ?? ""
                guard reason.contains(part) else { throw CaseFailure(description: "`\(reason)` does not contain \(part)") }
            case "option":
                var option = want
                if case let .string(name) = want { option = .string(camel(name)) }
                guard sameJson(option, fields["option"] ?? nil) else {
                    throw CaseFailure(description: "option: want \(option), got \(String(describing: fields["option"] ?? nil)) in \(error)")
                }
            default:
                guard let got = fields[camel(field)] else { throw CaseFailure(description: "the error has no `\(field)`: \(error)") }
                guard sameJson(want, got) else {
                    throw CaseFailure(description: "\(field): want \(want), got \(String(describing: got)) in \(error)")
                }
            }
        }
    }

    /// The error's case name (the class stem of tests/schema/errors.json) and its fields by
    /// name, optionals unwrapped (`nil` when absent).
    static func record(_ error: DeepgramError) -> (String, [String: Any?]) {
        guard let variant = Mirror(reflecting: error).children.first else { return ("\(error)", [:]) }
        var fields: [String: Any?] = [:]
        for child in Mirror(reflecting: variant.value).children {
            guard let label = child.label else { continue }
            let mirror = Mirror(reflecting: child.value)
            let value: Any? = mirror.displayStyle == .optional ? mirror.children.first?.value : child.value
            // updateValue: assigning a nil through the subscript would remove the field.
            fields.updateValue(value, forKey: label)
        }
        return (variant.label ?? "", fields)
    }

    private func lookup(_ answer: JSON, _ path: String) -> JSON? {
        path.split(separator: ".").reduce(answer as JSON?) { at, key in
            switch at {
            case let .object(object)?: return object[String(key)]
            case let .array(array)?: return Int(key).flatMap { array.indices.contains($0) ? array[$0] : nil }
            default: return nil
            }
        }
    }

    private func match(_ path: String, _ got: JSON?, _ matcher: JSON) throws {
        if case let .object(special) = matcher, special.count == 1, let entry = special.first,
           ["present", "contains", "min_len"].contains(entry.key) {
            switch (entry.key, entry.value) {
            case let ("present", .bool(present)):
                guard present == (got != nil && got != .null) else { throw CaseFailure(description: "\(path): present \(!present)") }
            case let ("contains", .string(part)):
                guard case let .string(whole)? = got, whole.contains(part) else {
                    throw CaseFailure(description: "\(path): \(got ?? .null) does not contain \(part)")
                }
            case let ("min_len", .number(least)):
                let length: Int
                switch got {
                case let .array(items)?: length = items.count
                case let .string(text)?: length = text.count
                default: length = -1
                }
                guard Double(length) >= least else { throw CaseFailure(description: "\(path): \(got ?? .null) is shorter than \(least)") }
            default:
                throw CaseFailure(description: "\(path): a bad matcher \(matcher)")
            }
            return
        }
        var want = matcher
        if case .string = matcher { want = .string(try text(matcher, path)) }
        guard let got, sameJson(want, got) else { throw CaseFailure(description: "\(path): want \(want), got \(got ?? .null)") }
    }
}

/// A JSON value against a JSON value or a Swift field (numbers by value, unsigned too).
func sameJson(_ want: JSON, _ got: Any?) -> Bool {
    switch (want, got) {
    case (.null, nil): return true
    case let (_, json as JSON): return json == want
    case let (.string(text), got as String): return got == text
    case let (.bool(flag), got as Bool): return got == flag
    case let (.number(number), got?):
        switch got {
        case let got as UInt16: return Double(got) == number
        case let got as UInt32: return Double(got) == number
        case let got as UInt64: return Double(got) == number
        case let got as Int: return Double(got) == number
        case let got as Double: return got == number
        default: return false
        }
    default: return false
    }
}

func camel(_ snake: String) -> String {
    snake.split(separator: "_", omittingEmptySubsequences: false).enumerated()
        .map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }
        .joined()
}

/// A loopback port nobody listens on (bound, read and closed).
func closedPort() throws -> Int {
    #if os(Linux)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw CaseFailure(description: "socket: errno \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw CaseFailure(description: "bind: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// How a snake_case name of a case sets one field of a `Root` record, by the field's type.
enum Field<Root> {
    case string(WritableKeyPath<Root, String?>)
    case text(WritableKeyPath<Root, String>)
    case secret(WritableKeyPath<Root, Secret?>)
    case bool(WritableKeyPath<Root, Bool?>)
    case uint32(WritableKeyPath<Root, UInt32?>)
    case uint64(WritableKeyPath<Root, UInt64?>)
    case double(WritableKeyPath<Root, Double?>)
    case strings(WritableKeyPath<Root, [String]>)
    case detectLanguage(WritableKeyPath<Root, DetectLanguage?>)
    case queryPairs(WritableKeyPath<Root, [QueryPair]>)
    /// An enum field (`one`) or a list of them (`many`).
    case choice((inout Root, JSON, String, Case) throws -> Void)

    /// An enum field: the case of `cases` the JSON text names (`choose`).
    static func one<E>(_ path: WritableKeyPath<Root, E?>, _ cases: [E]) -> Field {
        .choice { record, value, name, run in record[keyPath: path] = try choose(cases, try run.text(value, name), name) }
    }

    /// A list of enums (one text is a list of one, as in the core).
    static func many<E>(_ path: WritableKeyPath<Root, [E]>, _ cases: [E]) -> Field {
        .choice { record, value, name, run in record[keyPath: path] = try run.strings(value, name).map { try choose(cases, $0, name) } }
    }

    func set(_ record: inout Root, _ value: JSON, _ name: String, _ run: Case) throws {
        switch self {
        case let .string(path): record[keyPath: path] = try run.text(value, name)
        case let .text(path): record[keyPath: path] = try run.text(value, name)
        case let .secret(path): record[keyPath: path] = Secret(value: try run.text(value, name))
        case let .bool(path):
            guard case let .bool(flag) = value else { throw NotExpressible(reason: "`\(name)` is not a boolean: \(value)") }
            record[keyPath: path] = flag
        case let .uint32(path):
            guard let number = UInt32(exactly: try run.integer(value, name)) else { throw NotExpressible(reason: "`\(name)` is out of range") }
            record[keyPath: path] = number
        case let .uint64(path):
            guard let number = UInt64(exactly: try run.integer(value, name)) else { throw NotExpressible(reason: "`\(name)` is negative") }
            record[keyPath: path] = number
        case let .double(path):
            guard case let .number(number) = value else { throw NotExpressible(reason: "`\(name)` is not a number: \(value)") }
            record[keyPath: path] = number
        case let .strings(path): record[keyPath: path] = try run.strings(value, name)
        case let .detectLanguage(path):
            if case let .bool(flag) = value {
                record[keyPath: path] = .enabled(flag)
            } else {
                record[keyPath: path] = .among(try run.strings(value, name))
            }
        case let .queryPairs(path):
            switch value {
            case let .object(pairs):
                record[keyPath: path] = try pairs.sorted(by: { $0.key < $1.key }).map { QueryPair(key: $0.key, value: try run.scalar($0.value, name)) }
            case let .array(pairs):
                record[keyPath: path] = try pairs.map { pair in
                    guard case let .array(kv) = pair, kv.count == 2 else { throw NotExpressible(reason: "`\(name)`: \(pair) is not a pair") }
                    return QueryPair(key: try run.text(kv[0], name), value: try run.scalar(kv[1], name))
                }
            default:
                throw NotExpressible(reason: "`\(name)`: \(value)")
            }
        case let .choice(set): try set(&record, value, name, run)
        }
    }
}

/// The case of `cases` the JSON text `given` names: its Swift name, in any case and without `-`
/// and `_` (`self-hosted` is `.selfHosted`); a value the spec does not list has none, as the
/// compiler would refuse it.
func choose<E>(_ cases: [E], _ given: String, _ name: String) throws -> E {
    func key(_ text: String) -> String { text.lowercased().filter { $0 != "-" && $0 != "_" } }
    guard let found = cases.first(where: { key(String(describing: $0)) == key(given) }) else {
        throw NotExpressible(reason: "`\(name)` is a \(E.self): \"\(given)\" is none of its cases")
    }
    return found
}

/// Every case of the enums the calls take (Swift cannot list an enum's cases by itself; the
/// values of tests/schema/calls.json must all convert, see testEveryCallOfTheTableRuns).
enum Cases {
    static let keyStatus: [KeyStatus] = [.active, .expired]
    static let deployment: [Deployment] = [.hosted, .beta, .selfHosted]
    static let endpoint: [Endpoint] = [.listen, .read, .speak, .agent]
    static let method: [RequestMethod] = [.sync, .async, .streaming]
    static let requestStatus: [RequestStatus] = [.succeeded, .failed]
    static let grouping: [UsageGrouping] = [.accessor, .endpoint, .featureSet, .models, .method, .tags, .deployment]
}

/// The fields a case can set, by their Swift (camelCase) names.
enum Fields {
    static let client: [String: Field<ClientSettings>] = [
        "apiKey": .secret(\.apiKey), "accessToken": .secret(\.accessToken), "baseUrl": .string(\.baseUrl),
        "timeoutMs": .uint64(\.timeoutMs), "connectTimeoutMs": .uint64(\.connectTimeoutMs), "retries": .uint32(\.retries),
    ]

    static let createKey: [String: Field<CreateKeyOptions>] = [
        "comment": .text(\.comment), "scopes": .strings(\.scopes), "tags": .strings(\.tags),
        "expirationDate": .string(\.expirationDate), "timeToLiveInSeconds": .uint64(\.timeToLiveInSeconds),
    ]

    static let direct: [String: Field<Direct>] = ["status": .one(\.status, Cases.keyStatus), "ttlSeconds": .uint32(\.ttlSeconds)]

    static let updateProject: [String: Field<UpdateProjectOptions>] = ["name": .text(\.name)]

    static let updateMemberScopes: [String: Field<UpdateMemberScopesOptions>] = ["scope": .text(\.scope)]

    static let sendInvite: [String: Field<SendInviteOptions>] = ["email": .text(\.email), "scope": .text(\.scope)]

    static let listRequests: [String: Field<ListRequestsOptions>] = [
        "start": .string(\.start), "end": .string(\.end), "limit": .uint32(\.limit), "page": .uint32(\.page),
        "accessor": .string(\.accessor), "requestId": .string(\.requestId), "deployment": .one(\.deployment, Cases.deployment),
        "endpoint": .one(\.endpoint, Cases.endpoint), "method": .one(\.method, Cases.method), "status": .one(\.status, Cases.requestStatus),
    ]

    static let getUsage: [String: Field<GetUsageOptions>] = [
        "start": .string(\.start), "end": .string(\.end), "accessor": .string(\.accessor), "tag": .string(\.tag),
        "model": .string(\.model), "deployment": .one(\.deployment, Cases.deployment), "endpoint": .one(\.endpoint, Cases.endpoint),
        "method": .one(\.method, Cases.method), "grouping": .many(\.grouping, Cases.grouping),
    ]

    static let getUsageBreakdown: [String: Field<GetUsageBreakdownOptions>] = [
        "start": .string(\.start), "end": .string(\.end), "accessor": .string(\.accessor), "tag": .string(\.tag),
        "model": .string(\.model), "deployment": .one(\.deployment, Cases.deployment), "endpoint": .one(\.endpoint, Cases.endpoint),
        "method": .one(\.method, Cases.method), "grouping": .many(\.grouping, Cases.grouping),
    ]

    static let getUsageFields: [String: Field<GetUsageFieldsOptions>] = ["start": .string(\.start), "end": .string(\.end)]

    static let listModels: [String: Field<ListModelsOptions>] = ["includeOutdated": .bool(\.includeOutdated)]

    static let listProjectModels: [String: Field<ListProjectModelsOptions>] = ["includeOutdated": .bool(\.includeOutdated)]

    static let live: [String: Field<LiveSettings>] = [
        "keepAliveMs": .uint32(\.keepAliveMs), "sendBuffer": .uint32(\.sendBuffer), "eventBuffer": .uint32(\.eventBuffer),
        "reconnect": .bool(\.reconnect), "reconnectAttempts": .uint32(\.reconnectAttempts),
        "replaySeconds": .double(\.replaySeconds), "subprotocolAuth": .bool(\.subprotocolAuth),
    ]

    static let flux: [String: Field<FluxOptions>] = [
        "model": .string(\.model), "encoding": .string(\.encoding), "sampleRate": .uint32(\.sampleRate),
        "eotThreshold": .double(\.eotThreshold), "eagerEotThreshold": .double(\.eagerEotThreshold),
        "eotTimeoutMs": .uint32(\.eotTimeoutMs), "keyterm": .strings(\.keyterm), "languageHint": .strings(\.languageHint),
        "profanityFilter": .bool(\.profanityFilter), "numerals": .bool(\.numerals), "redact": .strings(\.redact),
        "mipOptOut": .bool(\.mipOptOut), "tag": .strings(\.tag), "extraQuery": .queryPairs(\.extraQuery),
    ]

    static let listen: [String: Field<TranscribeOptions>] = [
        "model": .string(\.model), "version": .string(\.version), "language": .string(\.language),
        "detectLanguage": .detectLanguage(\.detectLanguage), "punctuate": .bool(\.punctuate),
        "smartFormat": .bool(\.smartFormat), "diarize": .bool(\.diarize), "diarizeModel": .string(\.diarizeModel),
        "dictation": .bool(\.dictation), "fillerWords": .bool(\.fillerWords), "measurements": .bool(\.measurements),
        "multichannel": .bool(\.multichannel), "numerals": .bool(\.numerals), "paragraphs": .bool(\.paragraphs),
        "profanityFilter": .bool(\.profanityFilter), "utterances": .bool(\.utterances), "uttSplit": .double(\.uttSplit),
        "sentiment": .bool(\.sentiment), "topics": .bool(\.topics), "customTopic": .strings(\.customTopic),
        "customTopicMode": .string(\.customTopicMode), "intents": .bool(\.intents), "customIntent": .strings(\.customIntent),
        "customIntentMode": .string(\.customIntentMode), "detectEntities": .bool(\.detectEntities),
        "summarize": .string(\.summarize), "redact": .strings(\.redact), "keyterm": .strings(\.keyterm),
        "keywords": .strings(\.keywords), "search": .strings(\.search), "replace": .strings(\.replace), "tag": .strings(\.tag),
        "extra": .strings(\.extra), "callback": .string(\.callback), "callbackMethod": .string(\.callbackMethod),
        "encoding": .string(\.encoding), "sampleRate": .uint32(\.sampleRate), "channels": .uint32(\.channels),
        "alternatives": .uint32(\.alternatives), "mipOptOut": .bool(\.mipOptOut), "interimResults": .bool(\.interimResults),
        "endpointing": .uint32(\.endpointing), "utteranceEndMs": .uint32(\.utteranceEndMs), "vadEvents": .bool(\.vadEvents),
        "noDelay": .bool(\.noDelay), "extraQuery": .queryPairs(\.extraQuery),
    ]
}

/// A JSON value, as the case files and the answers hold it.
indirect enum JSON: Codable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: Decoder) throws {
        let value = try decoder.singleValueContainer()
        // Bool before Double: JSONDecoder decodes neither as the other.
        if value.decodeNil() {
            self = .null
        } else if let flag = try? value.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else if let text = try? value.decode(String.self) {
            self = .string(text)
        } else if let items = try? value.decode([JSON].self) {
            self = .array(items)
        } else {
            self = .object(try value.decode([String: JSON].self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var value = encoder.singleValueContainer()
        switch self {
        case .null: try value.encodeNil()
        case let .bool(flag): try value.encode(flag)
        case let .number(number):
            if let whole = Int64(exactly: number) { try value.encode(whole) } else { try value.encode(number) }
        case let .string(text): try value.encode(text)
        case let .array(items): try value.encode(items)
        case let .object(fields): try value.encode(fields)
        }
    }

    static func parse(_ text: String) throws -> JSON { try parse(Data(text.utf8)) }

    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }

    subscript(key: String) -> JSON? {
        if case let .object(fields) = self { return fields[key] }
        return nil
    }

    func string(_ key: String) throws -> String {
        guard case let .string(text)? = self[key] else { throw CaseFailure(description: "no string `\(key)` in \(self)") }
        return text
    }

    /// Compact JSON with sorted keys (so `$created_key_id` and the like can be searched in it).
    var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}
