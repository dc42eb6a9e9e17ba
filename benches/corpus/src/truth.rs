//! `truth.json`: what a correct build must show. Each article's URL with its
//! title, date and the slugs of every entity it mentions (annotated or
//! linked), and each entity's name, kind and aliases.

use std::io;

use crate::corpus::Corpus;
use crate::date::rfc3339;
use crate::json::Json;
use crate::output::{entities_by_slug, mentioned_slugs, Emit};

pub fn files(corpus: &Corpus, emit: &mut Emit) -> io::Result<()> {
    let articles = corpus
        .articles
        .iter()
        .map(|a| {
            let fields = vec![
                ("title".to_string(), Json::str(&a.title)),
                ("date".to_string(), Json::str(&rfc3339(a.date))),
                (
                    "entities".to_string(),
                    Json::strings(&mentioned_slugs(corpus, a)),
                ),
            ];
            (format!("/articles/{}/", a.slug), Json::object(fields))
        })
        .collect();
    let truth = Json::object(vec![
        ("articles".to_string(), Json::object(articles)),
        (
            "entities".to_string(),
            entities_by_slug(corpus, |_| Vec::new()),
        ),
    ]);
    emit("truth.json", &truth.pretty())
}
