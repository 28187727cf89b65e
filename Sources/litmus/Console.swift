import Foundation

/// Messages for people go to standard error; standard output is kept for data (`litmus directives`).
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
