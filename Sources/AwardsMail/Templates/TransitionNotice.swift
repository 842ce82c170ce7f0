/// What a `transition` e-mail says: who moved which nomination or proposal from what to what.
public struct TransitionNotice: Hashable, Sendable {
    public var recipientName: String
    /// "hồ sơ số 12" / "tờ trình số 3", as the reader knows it; the command that shows it.
    public var isProposal: Bool
    public var number: Int
    public var subject: String
    public var unit: String
    public var event: String
    public var eventLabel: String?
    public var fromState: String?
    public var fromLabel: String?
    public var toState: String
    public var toLabel: String?
    public var actorName: String
    public var actorLogin: String
    /// For a proposal: how many lines moved with it.
    public var lines: Int?

    public init(recipientName: String, isProposal: Bool, number: Int, subject: String, unit: String, event: String,
                eventLabel: String?, fromState: String?, fromLabel: String?, toState: String, toLabel: String?,
                actorName: String, actorLogin: String, lines: Int?) {
        self.recipientName = recipientName
        self.isProposal = isProposal
        self.number = number
        self.subject = subject
        self.unit = unit
        self.event = event
        self.eventLabel = eventLabel
        self.fromState = fromState
        self.fromLabel = fromLabel
        self.toState = toState
        self.toLabel = toLabel
        self.actorName = actorName
        self.actorLogin = actorLogin
        self.lines = lines
    }

    /// The template variables, documented in config/mail/README.md.
    var templateValues: [String: Any] {
        [
            "recipientName": recipientName, "isProposal": isProposal, "isNomination": !isProposal, "number": number,
            "subject": subject, "unit": unit, "event": event, "eventLabel": eventLabel ?? event,
            "fromState": fromState ?? "", "fromLabel": fromLabel ?? fromState ?? "", "hasFrom": fromState != nil,
            "toState": toState, "toLabel": toLabel ?? toState, "actorName": actorName, "actorLogin": actorLogin,
            "hasLines": (lines ?? 0) > 0, "lines": lines ?? 0,
            "command": isProposal ? "awards proposal show \(number)" : "awards show \(number)",
        ]
    }
}
