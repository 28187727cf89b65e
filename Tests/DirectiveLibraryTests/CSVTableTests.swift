import ReportTestSupport
import Testing

@testable import DirectiveLibrary
@testable import ReportEngine

@Suite struct CSVTableTests {
    @Test func parsesQuotedFieldsAndWritesThemBack() throws {
        let text = "id,name,score\r\n1,\"Smith, J.\",3.5\n2,\"say \"\"hi\"\"\",4\n"
        let table = try CSVTable(parsing: text)
        #expect(table.header == ["id", "name", "score"])
        #expect(table.rows == [["1", "Smith, J.", "3.5"], ["2", "say \"hi\"", "4"]])
        #expect(try CSVTable(parsing: table.text) == table)
        #expect(Column.inferring(table.column("score")!) == .doubles([3.5, 4]))
        #expect(Column.inferring(table.column("id")!) == .ints([1, 2]))
    }

    @Test func raggedAndEmptyFilesAreErrorsWithLines() {
        #expect(throws: CSVTable.Failure.self) { try CSVTable(parsing: "") }
        do {
            _ = try CSVTable(parsing: "a,b\n1,2\n3\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.message == "1 cells where the header has 2")
        }
    }
}
