import Foundation
import ReportTestSupport
import Testing

@testable import DirectiveLibrary

/// The `silhouette` directive on five points whose values scikit-learn 1.9.1 gives as
/// `silhouette_samples([[0], [1], [4], [6], [50]], [0, 0, 1, 1, -1])` = [0.8, 0.75, 0.428571, 0.636364, 0]
/// (score 0.522987) and, without the noise point, `silhouette_score` = 0.653734.
@Suite struct SilhouetteDirectiveTests {
    @Test func perClusterMeansAndScoreMatchScikitLearn() throws {
        let folder = try Workspace("litmus-silhouette")
        try "id,x\na0,0\na1,1\nb0,4\nb1,6\nn0,50\n".write(to: folder.root.appendingPathComponent("pts.csv"), atomically: true, encoding: .utf8)
        try "id,cluster\nb1,1\na0,0\nn0,-1\na1,0\nb0,1\n".write(to: folder.root.appendingPathComponent("lab.csv"), atomically: true, encoding: .utf8)
        try folder.write(
            """
            ```{load #pts}
            path: pts.csv
            ids: id
            ```

            ```{load #lab}
            path: lab.csv
            ids: id
            column: cluster
            ```

            ```{silhouette #clean}
            labels: lab
            points: pts
            exclude_noise: true
            ```

            ```{silhouette #all}
            labels: lab
            points: pts
            show: false
            ```

            Clean {{ clean.score | fixed: 6 }} ({{ clean.n_clusters }} clusters, {{ clean.n_items }} items);
            all {{ all.score | fixed: 6 }} ({{ all.n_clusters }} clusters).
            """)
        let text = try folder.renderReadme()
        #expect(text.contains("| 0 | 2 | 0.775 | 0.000 |\n| 1 | 2 | 0.532 | 0.000 |"), "\(text)")
        #expect(text.contains("Clean 0.653734 (2 clusters, 4 items);\nall 0.522987 (3 clusters)."), "\(text)")
    }

    @Test func oneClusterIsAnErrorThatSaysWhy() throws {
        let folder = try Workspace("litmus-silhouette-one")
        try "id,x\na,0\nb,1\nc,2\n".write(to: folder.root.appendingPathComponent("pts.csv"), atomically: true, encoding: .utf8)
        try "id,cluster\na,0\nb,0\nc,0\n".write(to: folder.root.appendingPathComponent("lab.csv"), atomically: true, encoding: .utf8)
        try folder.write(
            "```{load #pts}\npath: pts.csv\nids: id\n```\n\n```{load #lab}\npath: lab.csv\nids: id\ncolumn: cluster\n```\n\n"
                + "```{silhouette #s}\nlabels: lab\npoints: pts\n```\n")
        #expect { try folder.renderReadme() } throws: {
            String(describing: $0).contains("t.md:13:9: error: silhouette #s: the silhouette needs 2 to n − 1 distinct labels (n = 3); got 1")
        }
    }
}
