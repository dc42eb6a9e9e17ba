//! Just enough JSON for `entities.json` and `truth.json`: strings, lists and
//! objects with sorted keys, indented by one space a level.

use crate::text::quote;

pub enum Json {
    Str(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn str(s: &str) -> Json {
        Json::Str(s.to_string())
    }

    pub fn strings<S: AsRef<str>>(items: &[S]) -> Json {
        Json::List(items.iter().map(|s| Json::str(s.as_ref())).collect())
    }

    /// An object; its keys are sorted, so the output never depends on the
    /// order they were given in.
    pub fn object(mut pairs: Vec<(String, Json)>) -> Json {
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Json::Object(pairs)
    }

    /// The text, with a final newline.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, level: usize) {
        let indent = |out: &mut String, level: usize| {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', level));
        };
        match self {
            Json::Str(s) => out.push_str(&quote(s)),
            Json::List(items) if items.is_empty() => out.push_str("[]"),
            Json::Object(pairs) if pairs.is_empty() => out.push_str("{}"),
            Json::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, level + 1);
                    item.write(out, level + 1);
                }
                indent(out, level);
                out.push(']');
            }
            Json::Object(pairs) => {
                out.push('{');
                for (i, (key, value)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, level + 1);
                    out.push_str(&quote(key));
                    out.push_str(": ");
                    value.write(out, level + 1);
                }
                indent(out, level);
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_with_one_space_indent_and_sorted_keys() {
        let j = Json::object(vec![
            ("b".into(), Json::strings(&["x", "y"])),
            (
                "a".into(),
                Json::object(vec![("k".into(), Json::List(vec![]))]),
            ),
        ]);
        assert_eq!(
            j.pretty(),
            "{\n \"a\": {\n  \"k\": []\n },\n \"b\": [\n  \"x\",\n  \"y\"\n ]\n}\n"
        );
    }
}
