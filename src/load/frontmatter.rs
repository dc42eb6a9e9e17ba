//! Splitting a content file into front matter and body, and decoding the front
//! matter one key at a time.
//!
//! Each key is decoded into its typed field on its own, so a file with a mistake
//! in every field reports every one of them in a single run, each pointing at the
//! line where the key is written.

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::SourceFile;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics};

/// Where the YAML between the fences and the Markdown after them lie in the file.
#[derive(Debug, Clone)]
pub struct Split {
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

/// Finds the `---` fences. `None` when the file does not start with one.
pub fn split(text: &str) -> Result<Option<Split>, usize> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(first_end) = fence_line_end(text, start) else {
        return Ok(None);
    };
    let mut line_start = first_end;
    while line_start < text.len() {
        if let Some(end) = fence_line_end(text, line_start) {
            return Ok(Some(Split {
                yaml: first_end..line_start,
                body: end..text.len(),
            }));
        }
        line_start = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
    }
    // Unclosed: report at the opening fence.
    Err(start)
}

/// serde_yaml places a duplicate key at the start of its mapping; the second
/// time the key is written is where the fix goes.
fn duplicate_key_at(yaml: &str, message: &str) -> Option<usize> {
    let key = message
        .strip_prefix("duplicate entry with key \"")?
        .strip_suffix('"')?;
    let mut offset = 0;
    let mut seen = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '-']);
        let indent = line.len() - trimmed.len();
        let written = trimmed
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        if written {
            seen += 1;
            if seen == 2 {
                return Some(offset + indent);
            }
        }
        offset += line.len();
    }
    None
}

/// serde_yaml places "more than one document" at the start; the `...` line
/// that ends the first document is what to remove.
fn second_document_at(yaml: &str, message: &str) -> Option<usize> {
    if !message.contains("more than one document") {
        return None;
    }
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line.trim_end() == "..." {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// If a `---` line starts at `at`, the offset just past its line break.
fn fence_line_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    let line = rest[..line_len].trim_end_matches('\r');
    (line.trim_end() == "---").then(|| (at + line_len + 1).min(text.len()))
}

/// The decoded mapping of one front matter block and the means to report on its keys.
pub struct Fields<'a> {
    pub file: &'a Arc<SourceFile>,
    yaml: Range<usize>,
    map: Mapping,
    diags: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// Parses the YAML block; a syntax error is reported with its line and column.
    pub fn parse(
        file: &'a Arc<SourceFile>,
        yaml: Range<usize>,
        diags: &'a mut Diagnostics,
    ) -> Option<Fields<'a>> {
        let text = &file.text[yaml.clone()];
        let map = if text.trim().is_empty() {
            Mapping::new()
        } else {
            match serde_yaml::from_str::<Mapping>(text) {
                Ok(map) => map,
                Err(err) => {
                    let message = strip_location(&err.to_string());
                    let at = yaml.start
                        + duplicate_key_at(text, &message)
                            .or_else(|| second_document_at(text, &message))
                            .or_else(|| err.location().map(|l| l.index()))
                            .unwrap_or(0);
                    diags.push(
                        Diagnostic::error(Code::InvalidYaml, &file.path, format!("invalid front matter: {message}"))
                            .at(file, at..at + 1)
                            .with_help("front matter is YAML between two `---` lines: `key: value`, one per line"),
                    );
                    return None;
                }
            }
        };
        Some(Fields {
            file,
            yaml,
            map,
            diags,
        })
    }

    pub fn diags(&mut self) -> &mut Diagnostics {
        self.diags
    }

    /// Span of the value written after `key:` (or of the key, when the value is empty).
    pub fn span_of(&self, key: &str) -> Range<usize> {
        let text = &self.file.text[self.yaml.clone()];
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let unquoted = line.trim_start_matches(['"', '\'']);
            if let Some(rest) = unquoted.strip_prefix(key) {
                let after = rest.trim_start_matches(['"', '\'']);
                if after.starts_with(':') {
                    let key_start = self.yaml.start + offset;
                    let value_rel = line.len() - after.len() + 1;
                    let value = line[value_rel..].trim_end();
                    let lead = value.len() - value.trim_start().len();
                    return if value.trim().is_empty() {
                        key_start..key_start + key.len()
                    } else {
                        let start = key_start + value_rel + lead;
                        start..key_start + value_rel + value.len()
                    };
                }
            }
            offset += line.len();
        }
        self.yaml.start..self.yaml.start
    }

    /// Span of `key` itself, on its line.
    pub fn key_span(&self, key: &str) -> Range<usize> {
        span_key(&self.file.text, self.span_of(key), key)
    }

    /// Span of `needle` written inside the value of `key`, falling back to the value.
    pub fn span_within(&self, key: &str, needle: &str) -> Range<usize> {
        self.span_within_from(key, needle, 0)
    }

    /// Like [`span_within`](Self::span_within), for the first whole-word
    /// occurrence at or after byte `from`: entries of a list are found in
    /// order, so `lebanon` is not placed inside an earlier `lebanon-pager-explosions`.
    pub fn span_within_from(&self, key: &str, needle: &str, from: usize) -> Range<usize> {
        let value = self.span_of(key);
        let start = value.start.max(from).min(self.yaml.end);
        let text = &self.file.text[start..self.yaml.end];
        let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        let found = text.match_indices(needle).find(|(i, _)| {
            !text[i + needle.len()..].starts_with(is_word) && !text[..*i].ends_with(is_word)
        });
        match found {
            Some((i, _)) if !needle.is_empty() => start + i..start + i + needle.len(),
            _ => value,
        }
    }

    /// Takes `key` and decodes it as `T`; a wrong value is reported and yields `None`.
    pub fn take<T: DeserializeOwned>(&mut self, key: &str, help: &str) -> Option<T> {
        let value = self.map.remove(key)?;
        self.decode(key, value, help)
    }

    /// Like [`take`](Self::take) but the key must be present.
    pub fn require<T: DeserializeOwned>(&mut self, key: &str, help: &str) -> Option<T> {
        if !self.map.contains_key(key) {
            let misspelt = self
                .map
                .keys()
                .filter_map(Value::as_str)
                .any(|k| did_you_mean(k, [key]).is_some());
            if misspelt {
                // `finish` reports the misspelt key with this one as the fix.
                return None;
            }
            let at = self.yaml.start;
            self.diags.push(
                Diagnostic::error(
                    Code::MissingKey,
                    &self.file.path,
                    format!("missing required key `{key}`"),
                )
                .at(self.file, at..at)
                .with_label(format!("add `{key}:` to this front matter"))
                .with_help(help.to_string()),
            );
            return None;
        }
        self.take(key, help)
    }

    pub fn decode<T: DeserializeOwned>(
        &mut self,
        key: &str,
        value: Value,
        help: &str,
    ) -> Option<T> {
        if value.is_null() {
            return None;
        }
        match serde_yaml::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(err) => {
                let span = self.span_of(key);
                self.error_at(
                    span,
                    format!("invalid `{key}`: {}", strip_location(&err.to_string())),
                    help,
                );
                None
            }
        }
    }

    /// The entries of the list under `key`, each with where it is written:
    /// the text `anchor` names for it (a slug, a title), looked for after the
    /// previous entry, so that each wrong entry is reported on its own line.
    pub fn take_list(
        &mut self,
        key: &str,
        help: &str,
        anchor: impl Fn(&serde_yaml::Value) -> Option<String>,
    ) -> Vec<(serde_yaml::Value, Range<usize>)> {
        let entries = self
            .take::<Vec<serde_yaml::Value>>(key, help)
            .unwrap_or_default();
        let mut cursor = 0;
        entries
            .into_iter()
            .map(|entry| {
                let span = match anchor(&entry) {
                    Some(text) => self.span_within_from(key, &text, cursor),
                    None => self.span_of(key),
                };
                cursor = cursor.max(span.end);
                (entry, span)
            })
            .collect()
    }

    pub fn error_at(&mut self, span: Range<usize>, message: impl Into<String>, help: &str) {
        self.diags.push(
            Diagnostic::error(Code::WrongValue, &self.file.path, message)
                .at(self.file, span)
                .with_help(help.to_string()),
        );
    }

    /// Reports every key that was not taken, with the closest known key as a hint.
    pub fn finish(self, known: &[&str]) {
        for (key, _) in self.map.iter() {
            let name = match key {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let span = self.span_of(&name);
            // Entities have no `extra:`; only point at it where it exists.
            let extra = if known.contains(&"extra") {
                " (free-form values go under `extra:`)"
            } else {
                ""
            };
            let help = match did_you_mean(&name, known.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?{extra}"),
                None => format!("known keys are: {}{extra}", known.join(", ")),
            };
            let key_span = span_key(&self.file.text, span, &name);
            self.diags.push(
                Diagnostic::error(
                    Code::UnknownKey,
                    &self.file.path,
                    format!("unknown key `{name}`"),
                )
                .at(self.file, key_span)
                .with_label("not a front-matter key")
                .with_help(help),
            );
        }
    }
}

/// The span of the key itself on the line whose value is `value_span`.
fn span_key(text: &str, value_span: Range<usize>, key: &str) -> Range<usize> {
    let line_start = text[..value_span.start].rfind('\n').map_or(0, |i| i + 1);
    match text[line_start..value_span.end.max(line_start)].find(key) {
        Some(i) => line_start + i..line_start + i + key.len(),
        None => value_span,
    }
}

/// serde_yaml appends "at line X column Y"; we show the position ourselves.
pub fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let split = split(text).unwrap().unwrap();
        assert_eq!(&text[split.yaml], "title: A\n");
        assert_eq!(&text[split.body], "Body\n");
    }

    #[test]
    fn crlf_fences_are_recognised() {
        let text = "---\r\ntitle: A\r\n---\r\nBody";
        let split = split(text).unwrap().unwrap();
        assert_eq!(&text[split.body], "Body");
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        assert_eq!(split("---\ntitle: A\n").unwrap_err(), 0);
    }

    #[test]
    fn no_fence_means_no_front_matter() {
        assert!(split("Just text").unwrap().is_none());
    }
}
