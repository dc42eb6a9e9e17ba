//! The same corpus as a Hugo site. Its templates do the work gloss's do: an
//! article page with the entities it mentions, a page per entity listing
//! every article that mentions it (entities are a taxonomy), tag pages, the
//! 50 newest articles on the front page, and the section's list of all.

use std::io;

use crate::corpus::Corpus;
use crate::output::{Emit, Peer, BASE_URL, SITE_TITLE};

fn config() -> String {
    format!(
        "baseURL = \"{BASE_URL}/\"\n\
         title = \"{SITE_TITLE}\"\n\
         languageCode = \"en\"\n\
         # Zola writes no feeds by default; keep the work equal.\n\
         disableKinds = [\"RSS\"]\n\
         \n\
         [taxonomies]\n  entity = \"entities\"\n  tag = \"tags\"\n"
    )
}

const BASEOF: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<header><a href="{{ "/" | absURL }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>
{{ .Content }}
<h2>Entities in this article</h2>
<ul class="entities">
{{ range .Params.entities }}{{ $e := index site.Data.entities . }}<li><a href="{{ printf "entities/%s/" . | absURL }}">{{ $e.name }}</a> ({{ $e.kind }})</li>
{{ end }}</ul>
<p class="tags">Tags: {{ range .Params.tags }}<a href="{{ printf "tags/%s/" . | absURL }}">{{ . }}</a> {{ end }}</p>
</article>
{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="articles">
{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
"#;

/// The list of all terms of a taxonomy. Named `terms.html` (not
/// `taxonomy.html`), which both Hugo's old template lookup (before 0.146)
/// and the new one read as that page; the new one reads a legacy
/// `taxonomy.html` as the template of each term's page.
const TERMS: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $ents := eq .Data.Plural "entities" }}
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ if $ents }}{{ (index site.Data.entities .Name).name }}{{ else }}{{ .Name }}{{ end }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"#;

const TERM: &str = r#"{{ define "main" }}
{{ if eq .Data.Plural "entities" }}{{ $e := index site.Data.entities .Data.Term }}
<h1>{{ $e.name }}</h1>
<p class="kind">{{ $e.kind }}</p>
<p class="aliases">Also known as: {{ delimit $e.aliases ", " }}</p>
<p class="summary">{{ $e.summary }}</p>
{{ else }}<h1>{{ .Title }}</h1>{{ end }}
<p>{{ len .Pages }} articles</p>
<ul class="articles">
{{ range .Pages.ByDate.Reverse }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>
<p>{{ .Params.summary }}</p></li>
{{ end }}</ul>
{{ end }}
"#;

const INDEX: &str = r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul class="articles">
{{ range first 50 (where site.RegularPages "Section" "articles").ByDate.Reverse }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>
<p>{{ .Params.summary }}</p></li>
{{ end }}</ul>
{{ end }}
"#;

const NOT_FOUND: &str = "{{ define \"main\" }}<h1>Page not found</h1>{{ end }}\n";

pub fn files(corpus: &Corpus, emit: &mut Emit) -> io::Result<()> {
    Peer {
        config: ("hugo.toml", config()),
        templates: (
            "layouts",
            &[
                ("_default/baseof.html", BASEOF),
                ("_default/single.html", SINGLE),
                ("_default/list.html", LIST),
                ("_default/terms.html", TERMS),
                ("_default/term.html", TERM),
                ("index.html", INDEX),
                ("404.html", NOT_FOUND),
            ],
        ),
        section: "---\ntitle: \"Articles\"\n---\n",
        fields: |summary, tags, entities| {
            format!("summary: {summary}\ntags: {tags}\nentities: {entities}\n")
        },
    }
    .files(corpus, emit)
}
