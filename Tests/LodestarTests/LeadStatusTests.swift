import Testing
@testable import Lodestar

@Suite struct LeadStatusTests {
    /// The whole table, written out independently of `allowedTargets`.
    static let allowed: Set<String> = [
        "new>contacted", "new>qualified", "new>converted", "new>disqualified",
        "contacted>qualified", "contacted>converted", "contacted>disqualified", "contacted>new",
        "qualified>converted", "qualified>disqualified", "qualified>contacted", "qualified>new",
    ]

    @Test func anOpenLeadMovesToAnyOtherStatusInOneStep() {
        for from in LeadStatus.allCases {
            for to in LeadStatus.allCases {
                #expect(from.canMove(to: to) == Self.allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) -> \(to)")
            }
        }
        // Offered forward first, then disqualified, then back.
        #expect(LeadStatus.new.allowedTargets == [.contacted, .qualified, .converted, .disqualified])
        #expect(LeadStatus.qualified.allowedTargets == [.converted, .disqualified, .contacted, .new])
    }

    @Test func finalStatusesStay() {
        for final in [LeadStatus.converted, .disqualified] {
            #expect(final.isFinal)
            #expect(final.allowedTargets.isEmpty)
            #expect(final.refusal(to: .new).contains("final"))
        }
        #expect(!LeadStatus.new.canMove(to: .new))
        #expect(LeadStatus.new.refusal(to: .new) == "This lead is already new.")
        #expect(LeadStatus.contacted.actionLabel(from: .qualified) == "Back to contacted")
        #expect(LeadStatus.converted.actionLabel(from: .new) == "Mark converted")
        #expect(LeadStatus.disqualified.actionLabel(from: .new) == "Disqualify")
    }

    @Test func aBulkChangeTouchesOnlyLeadsWhoseStatusMayMoveThere() {
        #expect(LeadStatus.sources(of: .contacted) == [.new, .qualified])
        #expect(LeadStatus.sources(of: .disqualified) == [.new, .contacted, .qualified])
        #expect(LeadStatus.sources(of: .converted) == [.new, .contacted, .qualified])
        #expect(LeadStatus.sources(of: .new) == [.contacted, .qualified])
    }
}
