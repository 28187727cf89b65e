/// The directives a render can use, built once at start-up and passed down (no global registry).
public struct DirectiveRegistry: Sendable {
    public let directives: [any Directive]

    public init(_ directives: [any Directive]) {
        self.directives = directives.sorted { $0.name < $1.name }
    }

    /// Every directive Litmus ships. Adding one: a file in Directives/Library and a line here.
    public static var standard: DirectiveRegistry {
        DirectiveRegistry([
            LoadDirective(),
            DatasetDirective(),
            CombineDirective(),
            FeaturesDirective(),
            GradCAMDirective(),
            AgreementSweepDirective(),
            PCADirective(),
            TableDirective(),
            ScatterDirective(),
            LineDirective(),
            ExportDirective(),
            KMeansDirective(),
            OPTICSDirective(),
            AgreementDirective(),
            SilhouetteDirective(),
            CompositionDirective(),
            RepresentativesDirective(),
            UMAPDirective(),
            ReachabilityDirective(),
            HeatmapDirective(),
            GridDirective(),
        ])
    }

    public func directive(named name: String) -> (any Directive)? {
        directives.first { $0.name == name }
    }

    public var names: [String] { directives.map(\.name) }

    /// A directive's own options followed by the common ones.
    public func options(of directive: any Directive) -> [OptionSpec] {
        directive.options + CommonOptions.specs(for: directive)
    }
}

/// Options every directive takes.
enum CommonOptions {
    static func specs(for directive: any Directive) -> [OptionSpec] {
        [
            OptionSpec("show", .bool, default: .bool(directive.shownByDefault), role: .presentation,
                       doc: "insert the directive's output in the document"),
            OptionSpec("caption", .string, role: .presentation, doc: "caption of the figure or table (Markdown)"),
        ]
    }
}
