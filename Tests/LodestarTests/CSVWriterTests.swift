import Testing
@testable import Lodestar

@Suite struct CSVWriterTests {
    private func csv(_ records: [[String]]) -> String {
        var writer = CSVWriter()
        for record in records { writer.appendRecord(record) }
        return String(decoding: writer.takeBytes(), as: UTF8.self)
    }

    @Test func plainFieldsAreWrittenAsIsWithCRLFAfterEveryRecord() {
        #expect(csv([["id", "email"], ["1", "ann@example.com"]]) == "id,email\r\n1,ann@example.com\r\n")
        #expect(csv([["", "x"]]) == ",x\r\n")
    }

    @Test func commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        #expect(csv([["Smith, Ann"]]) == "\"Smith, Ann\"\r\n")
        #expect(csv([["say \"hi\""]]) == "\"say \"\"hi\"\"\"\r\n")
        #expect(csv([["line 1\nline 2", "a\r\nb"]]) == "\"line 1\nline 2\",\"a\r\nb\"\r\n")
        #expect(csv([["Zoë 東京"]]) == "Zoë 東京\r\n")
    }

    @Test func cellsASpreadsheetWouldRunAsAFormulaStartWithAnApostrophe() {
        #expect(csv([["=1+1", "+33 6", "-2", "@SUM(A1)"]]) == "'=1+1,'+33 6,'-2,'@SUM(A1)\r\n")
        #expect(csv([["\tx", "\rx"]]) == "'\tx,\"'\rx\"\r\n")
        #expect(csv([["=HYPERLINK(\"http://evil\",\"x\")"]]) == "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\r\n")
        // Only the first character counts.
        #expect(csv([["a=b", "1-2"]]) == "a=b,1-2\r\n")
    }

    @Test func takingTheBytesEmptiesTheWriter() {
        var writer = CSVWriter()
        writer.appendRecord(["a"])
        #expect(writer.takeBytes() == Array("a\r\n".utf8))
        #expect(writer.takeBytes().isEmpty)
        writer.appendRecord(["b"])
        #expect(writer.takeBytes() == Array("b\r\n".utf8))
    }
}
