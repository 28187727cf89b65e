import FlyingFox
import Foundation
import Synchronization

/// `litmus watch --serve`: serves the report's page on localhost and reloads it in the browser after
/// each successful render. The page on disk stays as rendered; the server adds a small script that asks
/// every second whether a newer render exists, and shows the last render's errors in a banner.
final class ReportServer: Sendable {
    private struct Status {
        var version = 0
        var error = ""
    }

    let page: URL
    let port: UInt16
    private let status = Mutex(Status())

    init(page: URL, port: UInt16) {
        (self.page, self.port) = (page, port)
    }

    /// After a render: the new page (nil error) or the errors of a failed one.
    func rendered(error: String?) {
        status.withLock { state in
            if let error {
                state.error = error
            } else {
                state.version += 1
                state.error = ""
            }
        }
    }

    /// Listens on 127.0.0.1 only: the report is for the person at this machine.
    func start() throws -> Task<Void, any Error> {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port))
        let task = Task {
            await server.appendRoute("GET /") { [self] _ in servedPage() }
            await server.appendRoute("GET /index.html") { [self] _ in servedPage() }
            await server.appendRoute("GET /__litmus/status") { [self] _ in
                let (version, error) = status.withLock { ($0.version, $0.error) }
                let body = try JSONSerialization.data(withJSONObject: ["version": version, "error": error], options: [.sortedKeys])
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: body)
            }
            try await server.run()
        }
        return task
    }

    /// The report's page with the reload script, or a note while no render has succeeded yet.
    private func servedPage() -> HTTPResponse {
        guard var html = try? String(contentsOf: page, encoding: .utf8) else {
            return HTTPResponse(
                statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: Data("No report yet: the first render has not succeeded. Fix the errors shown in the terminal.\n".utf8))
        }
        let version = status.withLock { $0.version }
        let script = Self.reloadScript.replacingOccurrences(of: "VERSION", with: String(version))
        if let end = html.range(of: "</body>", options: .backwards) { html.insert(contentsOf: script, at: end.lowerBound) } else { html += script }
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: Data(html.utf8))
    }

    private static let reloadScript = """
        <script>
        (() => {
          const shown = VERSION;
          const banner = document.createElement("pre");
          banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;padding:0.8em 1em;max-height:40vh;overflow:auto;"
            + "background:#8b1a1a;color:#fff;font:13px/1.4 monospace;white-space:pre-wrap;z-index:10;display:none";
          document.body.appendChild(banner);
          setInterval(async () => {
            try {
              const status = await (await fetch("/__litmus/status", { cache: "no-store" })).json();
              if (status.version !== shown) { location.reload(); return; }
              banner.textContent = status.error ? "The last render failed; this is the last good report.\\n\\n" + status.error : "";
              banner.style.display = status.error ? "block" : "none";
            } catch (e) {}
          }, 1000);
        })();
        </script>

        """
}
