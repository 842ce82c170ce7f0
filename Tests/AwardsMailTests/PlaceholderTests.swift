import Testing
@testable import AwardsMail
