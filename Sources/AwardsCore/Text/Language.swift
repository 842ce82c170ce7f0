/// Which language the programs speak to their users: the CLI's output, refusals and e-mails.
/// Vietnamese is the default because the users are Vietnamese officers and managers.
public enum Language: String, Sendable, CaseIterable {
    case vi, en

    /// Picks the phrase (or list of phrases) for this language; both must always be given, so no message
    /// is left untranslated.
    public func text<Phrase>(vi: Phrase, en: Phrase) -> Phrase {
        self == .vi ? vi : en
    }
}

/// An error whose text exists in both languages, so that the CLI can show it in the user's.
/// `description` stays English: logs, tests and developers read that.
public protocol BilingualError: Error {
    func message(in language: Language) -> String
}
