import Testing
@testable import Lodestar

@Suite struct LeadStatusTests {
    @Test func thePipelineMovesOneStepForwardAndAnyOpenLeadCanBeDisqualified() {
        #expect(LeadStatus.new.canMove(to: .contacted))
        #expect(LeadStatus.contacted.canMove(to: .qualified))
        #expect(LeadStatus.qualified.canMove(to: .converted))
        for open in [LeadStatus.new, .contacted, .qualified] {
            #expect(open.canMove(to: .disqualified))
        }
        // No skipping ahead.
        #expect(!LeadStatus.new.canMove(to: .qualified))
        #expect(!LeadStatus.new.canMove(to: .converted))
        #expect(!LeadStatus.contacted.canMove(to: .converted))
    }

    @Test func goingBackIsOneStepBetweenOpenStatusesAndFinalStatusesStay() {
        #expect(LeadStatus.contacted.canMove(to: .new))
        #expect(LeadStatus.qualified.canMove(to: .contacted))
        #expect(!LeadStatus.qualified.canMove(to: .new))
        for final in [LeadStatus.converted, .disqualified] {
            #expect(final.isFinal)
            #expect(final.allowedTargets.isEmpty)
            #expect(final.refusal(to: .new).contains("final"))
        }
        #expect(!LeadStatus.new.canMove(to: .new))
        #expect(LeadStatus.new.refusal(to: .new) == "This lead is already new.")
        #expect(LeadStatus.new.refusal(to: .converted) == "A new lead can only become contacted or disqualified.")
        #expect(LeadStatus.contacted.actionLabel(from: .qualified) == "Back to contacted")
        #expect(LeadStatus.contacted.actionLabel(from: .new) == "Mark contacted")
        #expect(LeadStatus.disqualified.actionLabel(from: .new) == "Disqualify")
    }

    @Test func aBulkChangeTouchesOnlyLeadsWhoseStatusMayMoveThere() {
        #expect(LeadStatus.sources(of: .contacted) == [.new, .qualified])
        #expect(LeadStatus.sources(of: .disqualified) == [.new, .contacted, .qualified])
        #expect(LeadStatus.sources(of: .converted) == [.qualified])
        #expect(LeadStatus.sources(of: .new) == [.contacted])
    }
}
