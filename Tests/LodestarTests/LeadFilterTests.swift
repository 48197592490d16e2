import HTTP
import Postgres
import Testing
import Web
@testable import Lodestar

@Suite struct LeadFilterTests {
    private func filter(_ query: String) throws -> LeadFilter {
        try LeadFilter(QueryParameters(query: Substring(query)))
    }

    @Test func everyFilterIsReadFromTheAddressAndWrittenBackIntoLinks() throws {
        let parsed = try filter("q=%20ann%20&campaign=7&status=qualified&from=2026-01-02&to=2026-02-03&field=country&value=The%20Netherlands&sort=email&page=3")
        #expect(parsed.search == "ann")
        #expect(parsed.campaignID == 7)
        #expect(parsed.status == .qualified)
        #expect(parsed.from?.description == "2026-01-02")
        #expect(parsed.to?.description == "2026-02-03")
        #expect(parsed.fieldMatch?.key == "country")
        #expect(parsed.fieldMatch?.value == "The Netherlands")
        #expect(parsed.sort == .email)
        #expect(parsed.page == 3)
        #expect(parsed.narrows)
        let link = parsed.url(page: 4)
        #expect(link == "/app/leads?q=ann&campaign=7&status=qualified&from=2026-01-02&to=2026-02-03&field=country&value=The%20Netherlands&sort=email&page=4")
        #expect(try filter(String(link.dropFirst("/app/leads?".count))) == { var next = parsed; next.page = 4; return next }())
    }

    @Test func anEmptyAddressIsTheFirstPageOfEveryLeadNewestFirst() throws {
        let parsed = try filter("q=&campaign=&status=&from=&to=&field=&value=&sort=")
        #expect(parsed == LeadFilter())
        #expect(!parsed.narrows)
        #expect(parsed.url() == "/app/leads")
        #expect(try filter("page=0").page == 1)
    }

    @Test func malformedValuesAreRefusedWithA400ThatSaysWhat() throws {
        for query in ["campaign=abc", "status=won", "from=2026-13-01", "to=yesterday", "from=99999-01-01", "sort=score",
                      "field=Country!", "page=x", "page=100001", "page=99999999999999999999",
                      "q=" + String(repeating: "a", count: 201), "q=%00", "q=a%00b", "field=plan&value=%00", "value=x%07y"] {
            #expect(throws: WebError.self, "\(query)") { try filter(query) }
            do {
                _ = try filter(query)
            } catch let error as WebError {
                #expect(error.status == .badRequest)
            }
        }
    }

    @Test func likeWildcardsInASearchAreLiteral() {
        #expect(Query.escapeLike("100%_off\\") == "100\\%\\_off\\\\")
        #expect(Query.escapeLike("plain") == "plain")
    }

    @Test func fieldKeysFollowTheFormBuildersRule() {
        #expect(LeadFilter.isFieldKey("country"))
        #expect(LeadFilter.isFieldKey("a1_b"))
        #expect(!LeadFilter.isFieldKey("1a"))
        #expect(!LeadFilter.isFieldKey("Country"))
        #expect(!LeadFilter.isFieldKey(String(repeating: "a", count: 41)))
        #expect(!LeadFilter.isFieldKey(""))
    }
}
