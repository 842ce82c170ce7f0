import Foundation

/// Folders only their owner can enter, made without trusting what is already there: under /var/tmp or
/// /tmp anyone may have planted a link or a folder of their own at a predictable name, and following it
/// would hand them (or a chown) what was meant to be private.
public enum PrivateDirectory {
    /// Makes `folder` (mode 0700) if missing and checks it with lstat: a real folder, not a link,
    /// belonging to us or to `account`, which then owns it. An intruder's folder, or one that others
    /// may write to, is refused with a line that says what to remove.
    public static func make(_ folder: URL, ownedBy account: String? = nil) throws {
        let path = folder.path
        let parent = folder.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path) {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw PrivateDirectoryError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw PrivateDirectoryError("cannot inspect \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw PrivateDirectoryError("\(path) is not a folder (a link?); remove it, it was not made by awards")
        }
        let accountID = try account.map(userID)
        guard info.st_uid == getuid() || info.st_uid == accountID else {
            throw PrivateDirectoryError("\(path) belongs to another user (uid \(info.st_uid)); remove it, it was not made by awards")
        }
        if info.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {
            throw PrivateDirectoryError("cannot make \(path) private: \(String(cString: strerror(errno)))")
        }
        if let accountID, info.st_uid != accountID {
            try changeOwner(of: folder, to: account!)
        }
    }

    /// chown that never follows a link (lchown), to the account's user and group.
    public static func changeOwner(of item: URL, to account: String) throws {
        guard let entry = getpwnam(account) else { throw PrivateDirectoryError("no system account \(account)") }
        guard lchown(item.path, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
            throw PrivateDirectoryError("cannot give \(item.path) to \(account): \(String(cString: strerror(errno)))")
        }
    }

    /// The name of the account that owns `item`, nil when it does not exist.
    public static func ownerName(of item: URL) -> String? {
        var info = stat()
        guard lstat(item.path, &info) == 0, let entry = getpwuid(info.st_uid) else { return nil }
        return String(cString: entry.pointee.pw_name)
    }

    static func userID(_ account: String) throws -> uid_t {
        guard let entry = getpwnam(account) else { throw PrivateDirectoryError("no system account \(account)") }
        return entry.pointee.pw_uid
    }
}

public struct PrivateDirectoryError: Error, CustomStringConvertible, LocalizedError {
    public let description: String
    init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
