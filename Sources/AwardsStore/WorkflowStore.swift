import AwardsCore
import Foundation
import Postgres

/// Writes the validated workflow definition and award catalogue into the tables the database's own
/// transition check consults.
public struct WorkflowStore {
    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// Loads a definition version once. The same version with other content is refused: nominations in
    /// flight keep the definition they started under, so a changed workflow needs a new version.
    /// Returns whether it was new.
    @discardableResult
    public func load(_ definition: WorkflowDefinition) throws -> Bool {
        try connection.transaction { connection in
            let existing = try connection.query("SELECT fingerprint FROM awards.workflow_definitions WHERE version = $1",
                                                [definition.version]).first
            if let existing {
                let fingerprint = try existing.decode("fingerprint", as: String.self)
                guard fingerprint == definition.fingerprint else {
                    throw WorkflowStoreError.versionReused(definition.version)
                }
                return false
            }
            try connection.query("""
                INSERT INTO awards.workflow_definitions (version, fingerprint, name, initial_state, decision_date_days_ahead)
                VALUES ($1, $2, $3, $4, $5)
                """, [definition.version, definition.fingerprint, definition.name, definition.initialState,
                      definition.decisionDateDaysAhead])
            for state in definition.states {
                var days: Int?
                var field: String?
                switch state.deadline {
                case .workingDays(let n): days = n
                case .dateFact(let fact): field = fact
                case nil: break
                }
                try connection.query("""
                    INSERT INTO awards.workflow_states (version, state, stage, label, terminal, deadline_working_days, deadline_field)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """, [definition.version, state.name, state.stage.rawValue, state.label, state.isTerminal, days, field])
            }
            for row in definition.transitionTable {
                let fields = try PostgresJSON(encoding: row.fields.map {
                    FieldSpec(name: $0.name, type: $0.type.rawValue, required: $0.isRequired, options: $0.options)
                })
                let event = definition.events(named: row.event).first
                try connection.query("""
                    INSERT INTO awards.workflow_transitions (version, event, from_state, to_state, roles, fields, when_field, when_value,
                                                             guards, notify, label)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                    """, [definition.version, row.event, row.from, row.to, row.roles, fields,
                          row.when?.field, row.when?.value, row.guards.map(\.rawValue), event?.notify ?? [], event?.label])
            }
            return true
        }
    }

    /// Loads a proposal workflow version once, as `load` does a nomination workflow; returns whether it was new.
    @discardableResult
    public func load(_ definition: ProposalWorkflow) throws -> Bool {
        try connection.transaction { connection in
            if let existing = try connection.query("SELECT fingerprint FROM awards.proposal_definitions WHERE version = $1",
                                                   [definition.version]).first {
                guard try existing.decode("fingerprint", as: String.self) == definition.fingerprint else {
                    throw WorkflowStoreError.proposalVersionReused(definition.version)
                }
                return false
            }
            try connection.query("""
                INSERT INTO awards.proposal_definitions (version, fingerprint, name, initial_state) VALUES ($1, $2, $3, $4)
                """, [definition.version, definition.fingerprint, definition.name, definition.initialState])
            for state in definition.states {
                try connection.query("""
                    INSERT INTO awards.proposal_states (version, state, label, terminal, lines_open) VALUES ($1, $2, $3, $4, $5)
                    """, [definition.version, state.name, state.label, state.isTerminal, state.linesOpen])
            }
            for event in definition.events {
                let fields = try PostgresJSON(encoding: event.fields.map {
                    FieldSpec(name: $0.name, type: $0.type.rawValue, required: $0.isRequired, options: $0.options)
                })
                for from in event.from.isEmpty ? [nil] : event.from.map(Optional.some) {
                    try connection.query("""
                        INSERT INTO awards.proposal_transitions (version, event, from_state, to_state, roles, fields, line_event,
                                                                 accepted_event, others_event, notify, label)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        """, [definition.version, event.name, from, event.to, event.roles, fields, event.lineEvent,
                              event.decision?.accepted, event.decision?.others, event.notify, event.label])
                }
            }
            return true
        }
    }

    private struct FieldSpec: Encodable {
        let name: String
        let type: String
        let required: Bool
        let options: [String]
    }

    /// Replaces the catalogue in force with the file's content: awards are updated in place (nominations
    /// refer to them), their grants, legal bases and the authority levels are rewritten. Each version is
    /// kept, once, in awards.catalogue_versions: the same version with other content is refused, and a
    /// decision records the version in force when it was recorded.
    public func sync(_ catalogue: AwardCatalogue) throws {
        try connection.transaction { connection in
            if let existing = try connection.query("SELECT fingerprint FROM awards.catalogue_versions WHERE version = $1",
                                                   [catalogue.version]).first {
                guard try existing.decode("fingerprint", as: String.self) == catalogue.fingerprint else {
                    throw WorkflowStoreError.catalogueVersionReused(catalogue.version)
                }
            } else {
                try connection.query("""
                    INSERT INTO awards.catalogue_versions (version, fingerprint, content, reward_rounding) VALUES ($1, $2, $3, $4)
                    """, [catalogue.version, catalogue.fingerprint, catalogue.canonicalText, catalogue.rewardRounding])
            }
            try connection.query("SELECT awards.set_catalogue_in_force($1)", [catalogue.version])
            try connection.query("DELETE FROM awards.base_salaries")
            for salary in catalogue.baseSalaries {
                try connection.query("""
                    INSERT INTO awards.base_salaries (valid_from, amount, document, article, source) VALUES ($1::date, $2, $3, $4, $5)
                    """, [salary.validFrom.iso, salary.amount, salary.document, salary.article, salary.source])
            }
            for level in catalogue.authorityLevels {
                try connection.query("""
                    INSERT INTO awards.authority_levels (code, name, within_province, valid_from, valid_to) VALUES ($1, $2, $3, $4::date, $5::date)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, within_province = excluded.within_province,
                        valid_from = excluded.valid_from, valid_to = excluded.valid_to
                    """, [level.code, level.name, level.isWithinProvince, level.validFrom?.iso, level.validTo?.iso])
            }
            try connection.query("DELETE FROM awards.council_vote_rules")
            try connection.query("DELETE FROM awards.appraisal_rules")
            try connection.query("DELETE FROM awards.public_posting_rules")
            try connection.query("DELETE FROM awards.eligibility_rules")
            try connection.query("DELETE FROM awards.award_legal_bases")
            try connection.query("DELETE FROM awards.award_grants")
            for award in catalogue.awards {
                try connection.query("""
                    INSERT INTO awards.award_types (code, name, category, nominees, granted_by) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, category = excluded.category,
                        nominees = excluded.nominees, granted_by = excluded.granted_by
                    """, [award.code, award.name, award.category.rawValue, award.nominees.map(\.rawValue), award.grantedBy])
                for grant in award.grants {
                    try connection.query("""
                        INSERT INTO awards.award_grants (award_code, authority_level, valid_from, valid_to, article)
                        VALUES ($1, $2, $3::date, $4::date, $5)
                        """, [award.code, grant.level, grant.validFrom?.iso, grant.validTo?.iso, grant.article])
                }
                for basis in award.legalBases {
                    try connection.query("""
                        INSERT INTO awards.award_legal_bases (award_code, document, valid_from, valid_to, reward_multiples)
                        VALUES ($1, $2, $3::date, $4::date, $5)
                        """, [award.code, basis.document, basis.validFrom.iso, basis.validTo?.iso,
                              try PostgresJSON(encoding: Dictionary(uniqueKeysWithValues: basis.rewardMultiples.map { ($0.key.rawValue, $0.value.tenThousandths) }))])
                }
                for vote in award.councilVotes {
                    try connection.query("""
                        INSERT INTO awards.council_vote_rules (award_code, valid_from, valid_to, agree_percent, at_least, share_of,
                                                               quorum_percent, written_opinions, document, article, confidence)
                        VALUES ($1, $2::date, $3::date, $4::numeric / 100, $5, $6, $7::numeric / 100, $8, $9, $10, $11)
                        """, [award.code, vote.validFrom.iso, vote.validTo?.iso, vote.agreeHundredthsPercent, vote.atLeast,
                              vote.share.rawValue, vote.quorumHundredthsPercent, vote.writtenOpinions, vote.document, vote.article,
                              vote.confidence.rawValue])
                }
                for (table, rules) in [("appraisal_rules", award.appraisals), ("public_posting_rules", award.publicPostings)] {
                    for rule in rules {
                        try connection.query("""
                            INSERT INTO awards.\(table) (award_code, valid_from, valid_to, working_days, document, article, confidence)
                            VALUES ($1, $2::date, $3::date, $4, $5, $6, $7)
                            """, [award.code, rule.validFrom.iso, rule.validTo?.iso, rule.workingDays, rule.document, rule.article,
                                  rule.confidence.rawValue])
                    }
                }
            }
            // After every award: a rule's award is a foreign key. An any_of's conditions follow it, pointing at it.
            var ruleID = 0
            for (award, rule) in catalogue.awards.flatMap({ award in award.eligibility.map { (award.code as String?, $0) } })
                + catalogue.eligibilityForEveryAward.map({ (nil, $0) }) {
                func insert(_ condition: EligibilityCondition, parent: Int?) throws -> Int {
                    ruleID += 1
                    try connection.query("""
                        INSERT INTO awards.eligibility_rules (id, award_code, parent_id, valid_from, valid_to, kind, params, severity,
                                                              document, article, confidence)
                        VALUES ($1, $2, $3, $4::date, $5::date, $6, $7::jsonb, $8, $9, $10, $11)
                        """, [ruleID, award, parent, rule.validFrom.iso, rule.validTo?.iso, condition.kind, condition.parametersJSON,
                              rule.severity.rawValue, rule.document, rule.article, rule.confidence.rawValue])
                    return ruleID
                }
                let id = try insert(rule.condition, parent: nil)
                if case .anyOf(let conditions) = rule.condition {
                    for condition in conditions { _ = try insert(condition, parent: id) }
                }
            }
        }
    }
}

public enum WorkflowStoreError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case versionReused(String)
    case catalogueVersionReused(String)
    case proposalVersionReused(String)

    public var description: String {
        switch self {
        case .versionReused(let version):
            "workflow version \(version) is already loaded with different content; give the changed definition a new version in config/workflow.yaml"
        case .proposalVersionReused(let version):
            "proposal workflow version \(version) is already loaded with different content; proposals in flight keep it, so give the changed workflow a new version in config/proposals.yaml"
        case .catalogueVersionReused(let version):
            "award catalogue version \(version) is already loaded with different content; decisions recorded under it keep it, so give the changed catalogue a new version in config/awards.yaml"
        }
    }
    public var errorDescription: String? { description }
}
