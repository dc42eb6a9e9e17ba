//! The same corpus as a Zola site, with templates that do the work of the
//! Hugo ones (see `hugo.rs`).

use std::io;

use crate::corpus::Corpus;
use crate::output::{Emit, Peer, BASE_URL, SITE_TITLE};

fn config() -> String {
    format!(
        "base_url = \"{BASE_URL}\"\n\
         title = \"{SITE_TITLE}\"\n\
         default_language = \"en\"\n\
         compile_sass = false\n\
         build_search_index = false\n\
         generate_feeds = false\n\
         taxonomies = [{{ name = \"entities\" }}, {{ name = \"tags\" }}]\n\
         \n\
         [markdown]\n\
         # Hugo's Goldmark has its typographer on by default.\n\
         smart_punctuation = true\n"
    )
}

const BASE: &str = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %} | {{ config.title }}</title></head>
<body>
<header><a href="{{ config.base_url }}/">{{ config.title }}</a></header>
<main>
{% block main %}{% endblock %}
</main>
</body>
</html>
"#;

const PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block main %}
{% set entities = load_data(path="data/entities.json") %}
<article>
<h1>{{ page.title }}</h1>
<time datetime="{{ page.date | date(format="%Y-%m-%dT%H:%M:%S%:z") }}">{{ page.date | date(format="%B %-d, %Y") }}</time>
{{ page.content | safe }}
<h2>Entities in this article</h2>
<ul class="entities">
{% for slug in page.taxonomies.entities %}{% set e = entities[slug] %}<li><a href="{{ config.base_url }}/entities/{{ slug }}/">{{ e.name }}</a> ({{ e.kind }})</li>
{% endfor %}</ul>
<p class="tags">Tags: {% for t in page.taxonomies.tags %}<a href="{{ config.base_url }}/tags/{{ t }}/">{{ t }}</a> {% endfor %}</p>
</article>
{% endblock %}
"#;

const SECTION: &str = r#"{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block main %}
<h1>{{ section.title }}</h1>
<ul class="articles">
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date | date(format="%Y-%m-%d") }}</time></li>
{% endfor %}</ul>
{% endblock %}
"#;

const TAXONOMY_LIST: &str = r#"{% extends "base.html" %}
{% block title %}{{ taxonomy.name | capitalize }}{% endblock %}
{% block main %}
<h1>{{ taxonomy.name | capitalize }}</h1>
{% set ents = taxonomy.name == "entities" %}{% if ents %}{% set entities = load_data(path="data/entities.json") %}{% endif %}
<ul class="terms">
{% for t in terms %}<li><a href="{{ t.permalink }}">{% if ents %}{{ entities[t.name].name }}{% else %}{{ t.name }}{% endif %}</a> ({{ t.page_count }})</li>
{% endfor %}</ul>
{% endblock %}
"#;

const TAXONOMY_SINGLE: &str = r#"{% extends "base.html" %}
{% block title %}{{ term.name }}{% endblock %}
{% block main %}
{% if taxonomy.name == "entities" %}{% set entities = load_data(path="data/entities.json") %}{% set e = entities[term.name] %}
<h1>{{ e.name }}</h1>
<p class="kind">{{ e.kind }}</p>
<p class="aliases">Also known as: {{ e.aliases | join(sep=", ") }}</p>
<p class="summary">{{ e.summary }}</p>
{% else %}<h1>{{ term.name }}</h1>{% endif %}
<p>{{ term.page_count }} articles</p>
<ul class="articles">
{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date | date(format="%Y-%m-%d") }}</time>
<p>{{ p.description }}</p></li>
{% endfor %}</ul>
{% endblock %}
"#;

const INDEX: &str = r#"{% extends "base.html" %}
{% block title %}Home{% endblock %}
{% block main %}
<h1>{{ config.title }}</h1>
{% set articles = get_section(path="articles/_index.md") %}
<ul class="articles">
{% for p in articles.pages | slice(end=50) %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date | date(format="%Y-%m-%d") }}</time>
<p>{{ p.description }}</p></li>
{% endfor %}</ul>
{% endblock %}
"#;

const NOT_FOUND: &str =
    "{% extends \"base.html\" %}\n{% block main %}<h1>Page not found</h1>{% endblock %}\n";

pub fn files(corpus: &Corpus, emit: &mut Emit) -> io::Result<()> {
    Peer {
        config: ("config.toml", config()),
        templates: (
            "templates",
            &[
                ("base.html", BASE),
                ("page.html", PAGE),
                ("section.html", SECTION),
                ("taxonomy_list.html", TAXONOMY_LIST),
                ("taxonomy_single.html", TAXONOMY_SINGLE),
                ("index.html", INDEX),
                ("404.html", NOT_FOUND),
            ],
        ),
        section: "+++\ntitle = \"Articles\"\nsort_by = \"date\"\n+++\n",
        // Zola reads YAML front matter between `---` lines; the summary goes
        // in `description`, and taxonomies nest under `taxonomies`.
        fields: |summary, tags, entities| {
            format!(
                "description: {summary}\n\
                 taxonomies:\n  tags: {tags}\n  entities: {entities}\n"
            )
        },
    }
    .files(corpus, emit)
}
