/// The HTML page around a report: a Mustache template and its stylesheet.
enum PageLayout {
    static let template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="generator" content="Litmus">
        <title>{{title}}</title>
        <style>
        {{{style}}}
        </style>
        </head>
        <body>
        <header>
        <h1 class="title">{{title}}</h1>
        {{#subtitle}}<p class="subtitle">{{subtitle}}</p>
        {{/subtitle}}{{#author}}<p class="author">{{author}}</p>
        {{/author}}{{#date}}<p class="date">{{date}}</p>
        {{/date}}</header>
        {{#contents}}<nav class="toc" aria-label="Contents">
        <details open>
        <summary>Contents</summary>
        {{{contents}}}
        </details>
        </nav>
        {{/contents}}<main>
        {{{body}}}
        </main>
        </body>
        </html>

        """

    /// Light and dark themes follow the reader's system setting; the contents list sits beside the text
    /// on wide screens and above it otherwise; print drops the links' decoration and keeps figures,
    /// tables and headings with what follows them. The contents list numbers its entries in a column of
    /// its own, as wide as its widest number ("10." and on), where an outside list marker wider than the
    /// list's padding was cut off.
    static let style = """
        :root { --text: #1d1d1f; --muted: #5f6368; --rule: #d9dce1; --code: #f3f4f6; --link: #0b62c4; --mark: #fff6d5; }
        @media (prefers-color-scheme: dark) {
          :root { --text: #e6e6e6; --muted: #a0a4a8; --rule: #3a3d42; --code: #24272b; --link: #7ab7ff; --mark: #3a3420; }
          body { background: #16181b; }
          figure img { background: #fff; border-radius: 3px; }
        }
        body { max-width: 46rem; margin: 2.5rem auto; padding: 0 1.2rem; font: 17px/1.6 "DejaVu Serif", Georgia, serif; color: var(--text); }
        h1, h2, h3, h4 { font-family: "DejaVu Sans", system-ui, sans-serif; line-height: 1.25; margin: 2rem 0 0.8rem; }
        h1.title { font-size: 2rem; margin-top: 0; }
        .subtitle, .author, .date { color: var(--muted); margin: 0.2rem 0; font-family: "DejaVu Sans", system-ui, sans-serif; }
        header { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; margin-bottom: 1.5rem; }
        a { color: var(--link); }
        a.anchor { color: var(--muted); text-decoration: none; font-weight: normal; opacity: 0; margin-left: 0.2em; }
        h2:hover a.anchor, h3:hover a.anchor, figcaption:hover a.anchor, .caption:hover a.anchor, a.anchor:focus { opacity: 1; }
        :target { background: var(--mark); scroll-margin-top: 1rem; }
        nav.toc { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 0.9rem; margin: 0 0 2rem; padding: 0.6rem 1rem;
          border: 1px solid var(--rule); border-radius: 6px; }
        nav.toc summary { cursor: pointer; font-weight: bold; }
        nav.toc ol { list-style: none; counter-reset: toc; padding-left: 0; margin: 0.4rem 0;
          display: grid; grid-template-columns: max-content minmax(0, 1fr); column-gap: 0.35em; }
        nav.toc ol ol { font-size: 0.95em; }
        nav.toc li { counter-increment: toc; grid-column: 1 / -1; display: grid;
          grid-template-columns: auto minmax(0, 1fr); grid-template-columns: subgrid; }
        nav.toc li::before { content: counter(toc) "."; text-align: right; }
        nav.toc li > ol { grid-column: 2; }
        nav.toc a { text-decoration: none; }
        @media (min-width: 84rem) {
          nav.toc { position: fixed; top: 2.5rem; left: max(1rem, calc(50% - 23rem - 17rem)); width: 14rem;
            max-height: calc(100vh - 5rem); overflow-y: auto; border: none; padding: 0; }
        }
        code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.88em; background: var(--code); border-radius: 4px; }
        code { padding: 0.1em 0.3em; }
        pre { padding: 0.8em 1em; overflow-x: auto; }
        pre code { padding: 0; background: none; }
        figure { margin: 1.8rem 0; text-align: center; }
        figure img { max-width: 100%; height: auto; }
        figcaption, .caption { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 0.9rem; color: var(--muted); text-align: left; margin-top: 0.4rem; }
        .table-block { margin: 1.6rem 0; overflow-x: auto; }
        table { border-collapse: collapse; font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 0.88rem; margin: 0.4rem 0; font-variant-numeric: tabular-nums; }
        th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid var(--rule); }
        th { border-bottom: 2px solid var(--rule); }
        blockquote { border-left: 3px solid var(--rule); margin-left: 0; padding-left: 1rem; color: var(--muted); }
        @media (max-width: 36rem) {
          body { font-size: 16px; margin-top: 1.2rem; padding: 0 0.8rem; }
          h1.title { font-size: 1.6rem; }
          nav.toc details:not([open]) { padding: 0; }
        }
        @media print {
          :root { --text: #000; --muted: #444; --rule: #bbb; --code: #f3f3f3; --mark: transparent; }
          body { max-width: none; margin: 0; font-size: 11pt; background: none; }
          @page { margin: 2cm 1.8cm; }
          a { color: inherit; text-decoration: none; }
          a.anchor { display: none; }
          nav.toc { position: static; width: auto; border: none; padding: 0; }
          h2, h3 { break-after: avoid; }
          figure, .table-block, table, pre { break-inside: avoid; }
          .table-block { overflow: visible; }
        }
        """
}
