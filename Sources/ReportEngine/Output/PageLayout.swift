/// The HTML page around a report: a Mustache template and its stylesheet.
enum PageLayout {
    static let template = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
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
    <main>
    {{{body}}}
    </main>
    </body>
    </html>

    """

    static let style = """
    :root { color-scheme: light dark; --text: #1d1d1f; --muted: #5f6368; --rule: #d9dce1; --code: #f3f4f6; --link: #0b62c4; }
    @media (prefers-color-scheme: dark) {
      :root { --text: #e6e6e6; --muted: #a0a4a8; --rule: #3a3d42; --code: #24272b; --link: #7ab7ff; }
      figure img { background: #fff; }
    }
    body { max-width: 46rem; margin: 2.5rem auto; padding: 0 1.2rem; font: 17px/1.6 "DejaVu Serif", Georgia, serif; color: var(--text); }
    h1, h2, h3, h4 { font-family: "DejaVu Sans", system-ui, sans-serif; line-height: 1.25; margin: 2rem 0 0.8rem; }
    h1.title { font-size: 2rem; margin-top: 0; }
    .subtitle, .author, .date { color: var(--muted); margin: 0.2rem 0; font-family: "DejaVu Sans", system-ui, sans-serif; }
    header { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; margin-bottom: 1.5rem; }
    a { color: var(--link); }
    code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.88em; background: var(--code); border-radius: 4px; }
    code { padding: 0.1em 0.3em; }
    pre { padding: 0.8em 1em; overflow-x: auto; }
    pre code { padding: 0; background: none; }
    figure { margin: 1.8rem 0; text-align: center; }
    figure img { max-width: 100%; height: auto; }
    figcaption, .caption { font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 0.9rem; color: var(--muted); text-align: left; margin-top: 0.4rem; }
    .table-block { margin: 1.6rem 0; overflow-x: auto; }
    table { border-collapse: collapse; font-family: "DejaVu Sans", system-ui, sans-serif; font-size: 0.88rem; margin: 0.4rem 0; }
    th, td { padding: 0.3rem 0.7rem; border-bottom: 1px solid var(--rule); }
    th { border-bottom: 2px solid var(--rule); }
    blockquote { border-left: 3px solid var(--rule); margin-left: 0; padding-left: 1rem; color: var(--muted); }
    @media print { body { max-width: none; margin: 0; font-size: 11pt; } a { color: inherit; } figure { break-inside: avoid; } }
    """
}
