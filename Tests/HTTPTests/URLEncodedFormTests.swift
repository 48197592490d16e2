import Testing
@testable import HTTP

@Suite struct URLEncodedFormTests {
    @Test func parsesFieldsInOrder() throws {
        let form = try URLEncodedForm(parsing: "name=Ada+Lovelace&email=ada%40example.com&tag=a&tag=b")
        #expect(form.fields.map(\.name) == ["name", "email", "tag", "tag"])
        #expect(form["name"] == "Ada Lovelace")
        #expect(form["email"] == "ada@example.com")
        #expect(form.values("tag") == ["a", "b"])
        #expect(form["missing"] == nil)
    }

    @Test func handlesEmptyPiecesNamesWithoutValuesAndExtraEquals() throws {
        let form = try URLEncodedForm(parsing: "&&flag&a=&b=x=y&")
        #expect(form.fields == [
            .init(name: "flag", value: ""), .init(name: "a", value: ""), .init(name: "b", value: "x=y"),
        ])
        #expect(try URLEncodedForm(parsing: "").count == 0)
    }

    @Test func decodesUTF8() throws {
        let form = try URLEncodedForm(parsing: Array("city=S%C3%A3o+Paulo&%E2%9C%93=1".utf8))
        #expect(form["city"] == "São Paulo")
        #expect(form["✓"] == "1")
    }

    @Test(arguments: [("a=%zz", 3), ("a=1&b=%4", 7), ("%=1", 1), ("a=1&%g0=2", 5)])
    func rejectsInvalidEscapesWithTheirColumn(text: String, column: Int) throws {
        let error = try #require(throws: URLEncodingError.self) { try URLEncodedForm(parsing: text) }
        #expect(error.kind == .invalidEscape)
        #expect(error.line == 1)
        #expect(error.column == column)
    }

    @Test func rejectsInvalidUTF8() throws {
        let error = try #require(throws: URLEncodingError.self) { try URLEncodedForm(parsing: "a=1&b=%FF") }
        #expect(error.kind == .invalidUTF8)
        #expect(error.column == 7)
    }

    @Test func percentDecodingLeavesPlusAloneUnlessAsked() throws {
        #expect(try PercentEncoding.decode("a+b%2Bc") == "a+b+c")
        #expect(try PercentEncoding.decode("a+b%2Bc", plusAsSpace: true) == "a b+c")
        #expect(try PercentEncoding.decode("%2f%2F") == "//")
        #expect(throws: URLEncodingError.self) { try PercentEncoding.decode("100%") }
    }

    @Test func encodingRoundTrips() throws {
        #expect(PercentEncoding.encode("a b/é~") == "a%20b%2F%C3%A9~")
        #expect(PercentEncoding.encode("a b", spaceAsPlus: true) == "a+b")
        var form = URLEncodedForm()
        form.add("q", "1 + 1 = 2 & more")
        form.add("ñ", "")
        #expect(form.encoded == "q=1+%2B+1+%3D+2+%26+more&%C3%B1=")
        #expect(try URLEncodedForm(parsing: form.encoded) == form)
    }
}
