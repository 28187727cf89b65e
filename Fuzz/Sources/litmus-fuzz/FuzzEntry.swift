import Foundation
import Imaging
import LinearAlgebra
import NeuralNet
import DirectiveLibrary
import ReportEngine

/// What one fuzzing run feeds its inputs to, from `LITMUS_FUZZ_TARGET`.
enum FuzzTarget: String, CaseIterable {
    /// The whole template: front matter, Markdown, directive blocks, inline expressions.
    case template
    /// One inline expression, wrapped as `{{ … }}` in a one-line template.
    case expression
    /// PNG and JPEG decoding.
    case image
    case npy
    case safetensors
    /// DICOM through GDCM and the grayscale pipeline (with or without the preamble).
    case dicom
    /// labels.csv parsing.
    case csv

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["LITMUS_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set LITMUS_FUZZ_TARGET to one of \(allCases.map(\.rawValue))\n".utf8))
            exit(2)
        }
        return target
    }()

    /// Any thrown error is a fine answer to a bad input; only crashes, sanitizer reports, leaks and
    /// timeouts are findings.
    func run(_ data: Data) {
        switch self {
        case .template:
            _ = try? TemplateParser().parse(source: String(decoding: data, as: UTF8.self), path: "fuzz.md")
        case .expression:
            let text = "{{ " + String(decoding: data, as: UTF8.self) + " }}\n"
            _ = try? TemplateParser().parse(source: text, path: "fuzz.md")
        case .image:
            _ = try? ImageDecoder.decode(data)
        case .npy:
            _ = try? NPYCodec.decode(data)
        case .safetensors:
            _ = try? SafeTensors(data)
        case .dicom:
            _ = try? ImageDecoder.decode(data, assumeDICOM: true)
        case .csv:
            _ = try? CSVTable(parsing: String(decoding: data, as: UTF8.self))
        }
    }
}

