import ArgumentParser
import ReportEngine

/// `--param name=value` arguments.
enum ParamArguments {
    static func parse(_ arguments: [String]) throws -> [(String, String)] {
        try arguments.map { argument in
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ValidationError("--param expects name=value, got `\(argument)`")
            }
            return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
        }
    }
}
