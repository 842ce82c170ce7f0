import AwardsTestSupport
import Foundation
import Testing
@testable import AwardsMail

@Suite("Folder transport")
struct FolderTransportTests {
    func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test("one .eml per message, named from its Message-ID; sending again replaces, never duplicates")
    func writesAndOverwrites() async throws {
        let folder = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let transport = FolderTransport(folder: folder)
        let batch = (1...3).map { Fixtures.message(to: "u\($0)@example.gov.vn", key: "obligation:12/step:1/u\($0)") }
        let outcomes = await transport.send(batch)
        #expect(outcomes == Array(repeating: .delivered(nil), count: 3))
        #expect(files(in: folder) == batch.map { FolderTransport.fileName(for: $0.messageID) }.sorted())
        for message in batch {
            #expect(try Data(contentsOf: URL(fileURLWithPath: transport.path(for: message))) == Data(message.renderedBytes()))
        }

        var retried = batch[1]
        retried.text = "Lần gửi lại"
        let second = await transport.send([retried, batch[0]])
        #expect(second.allSatisfy { $0.isDelivered })
        #expect(files(in: folder).count == 3, "no temporary files left, no duplicates")
        #expect(try Data(contentsOf: URL(fileURLWithPath: transport.path(for: retried))) == Data(retried.renderedBytes()))
    }

    @Test("messages carry names and addresses: the folder is 0700 and each file 0600")
    func privateFolderAndFiles() async throws {
        let folder = Fixtures.temporaryFolder() + "/mail"
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        let message = Fixtures.message(to: "a@example.gov.vn", key: "private")
        #expect(await FolderTransport(folder: folder).send([message]) == [.delivered(nil)])
        func mode(_ path: String) throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
        }
        #expect(try mode(folder) == 0o700)
        #expect(try mode(FolderTransport(folder: folder).path(for: message)) == 0o600)
    }

    @Test("a folder that cannot be created is a transient failure naming the reason")
    func unwritableFolder() async throws {
        let blocker = Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let outcomes = await FolderTransport(folder: blocker + "/mail").send([Fixtures.message(to: "a@example.gov.vn", key: "f")])
        guard case .transientFailure(let failure) = outcomes.first else {
            Issue.record("expected a transient failure, got \(outcomes)")
            return
        }
        #expect(failure.stage == .folder)
        #expect(failure.detail.contains(blocker))
    }

    @Test("file names stay short and distinct for long keys")
    func longKeys() throws {
        let a = try MessageID(key: String(repeating: "k", count: 199) + "a", domain: "awards.example.gov.vn")
        let b = try MessageID(key: String(repeating: "k", count: 199) + "b", domain: "awards.example.gov.vn")
        #expect(FolderTransport.fileName(for: a) != FolderTransport.fileName(for: b))
        #expect(FolderTransport.fileName(for: a).utf8.count <= 255)
        #expect(FolderTransport.fileName(for: a) == FolderTransport.fileName(for: a))
        #expect(FolderTransport.fileName(for: try MessageID(key: "k", domain: "x.vn")) == "reminder.6b@x.vn.eml")
    }
}
