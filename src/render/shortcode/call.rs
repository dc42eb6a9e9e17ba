//! Reading shortcode calls out of an article's Markdown, as Zola writes
//! them: `{{ name(key="value", n=3) }}` for a call alone or inside a
//! sentence, and a line `{% name(key="value") %}`, Markdown, and a line
//! `{% end %}` for one with a body. Code (spans and blocks) and raw HTML
//! are left alone, so a page can show the syntax itself.
//!
//! Each call is then masked: its bytes are replaced by raw HTML of the
//! same length (a comment for a call alone on its lines, a tag inside a
//! sentence) that the Markdown parser passes through untouched. Every
//! other byte keeps its offset, so every position the body reports still
//! points into the file.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::args::{line_end, mistake, Cursor, FORMS};
pub use super::args::{Arg, Mistake};
use crate::text::markdown::OPTIONS;

/// One call of a shortcode. Ranges are byte offsets in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub name_span: Range<usize>,
    pub args: Vec<Arg>,
    /// The whole call, from `{{` or `{%` to its `}}` or `{% end %}`.
    pub span: Range<usize>,
    /// The Markdown between `{% name(...) %}` and `{% end %}`.
    pub body: Option<Range<usize>>,
    /// Alone on its lines: written in place of a block, not inside a sentence.
    pub alone: bool,
}

/// The calls in `body`, and the calls written wrongly.
pub fn calls(body: &str) -> (Vec<Call>, Vec<Mistake>) {
    if !body.contains("{{") && !body.contains("{%") {
        return (Vec::new(), Vec::new());
    }
    let skipped = code_and_html(body);
    let mut scanner = Scanner {
        body,
        skipped: &skipped,
        calls: Vec::new(),
        mistakes: Vec::new(),
    };
    scanner.scan();
    (scanner.calls, scanner.mistakes)
}

/// Where the body holds code or raw HTML, whose text is never a call.
fn code_and_html(body: &str) -> Vec<Range<usize>> {
    let mut skipped = Vec::new();
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        match event {
            Event::Code(_)
            | Event::Start(Tag::CodeBlock(_))
            | Event::Html(_)
            | Event::InlineHtml(_) => skipped.push(range),
            _ => {}
        }
    }
    skipped.sort_by_key(|r| r.start);
    skipped
}

struct Scanner<'a> {
    body: &'a str,
    skipped: &'a [Range<usize>],
    calls: Vec<Call>,
    mistakes: Vec<Mistake>,
}

/// What one `{{` or `{%` turned out to be.
enum Found {
    /// Not a call: text that happens to hold braces.
    Nothing,
    Call(Call),
    /// `{% end %}`, ending at the offset.
    End(usize),
    Wrong(Mistake),
}

impl Scanner<'_> {
    fn is_skipped(&self, at: usize) -> bool {
        // The ranges come in the body's order and do not overlap.
        let i = self.skipped.partition_point(|r| r.end <= at);
        self.skipped.get(i).is_some_and(|r| r.contains(&at))
    }

    /// The next `{{` or `{%` at or after `from` outside code and HTML.
    fn next_open(&self, from: usize) -> Option<usize> {
        let mut at = from;
        loop {
            let found = at + self.body.get(at..)?.find(['{'])?;
            if matches!(self.body.as_bytes().get(found + 1), Some(b'{' | b'%'))
                && !self.is_skipped(found)
            {
                return Some(found);
            }
            at = found + 1;
        }
    }

    fn scan(&mut self) {
        let mut at = 0;
        while let Some(open) = self.next_open(at) {
            at = match self.read(open) {
                Found::Nothing => open + 2,
                Found::Call(call) => self.accept(call),
                Found::End(end) => {
                    self.mistakes.push(mistake(
                        open..end,
                        "`{% end %}` closes no shortcode",
                        "remove it, or open the shortcode above it with `{% name(...) %}` on a line of its own",
                    ));
                    end
                }
                Found::Wrong(wrong) => {
                    let end = wrong.span.end.max(open + 2);
                    self.mistakes.push(wrong);
                    end
                }
            };
        }
    }

    /// Takes a call: one with a body gets it, up to its `{% end %}`.
    /// Returns where scanning goes on.
    fn accept(&mut self, mut call: Call) -> usize {
        if call.body.is_none() {
            let end = call.span.end;
            if self.body[call.span.clone()].contains("\n\n") {
                self.mistakes.push(mistake(
                    call.span,
                    format!("the call of `{}` spans a blank line", call.name),
                    "write the call without blank lines in it",
                ));
            } else {
                self.calls.push(call);
            }
            return end;
        }
        let start = call.span.end;
        let mut at = start;
        while let Some(open) = self.next_open(at) {
            match self.read(open) {
                Found::Nothing => at = open + 2,
                Found::End(end) => {
                    if !starts_line(self.body, open) || !ends_line(self.body, end) {
                        self.mistakes.push(mistake(
                            open..end,
                            "`{% end %}` must stand on a line of its own",
                            "put `{% end %}` on a line by itself, after the shortcode's Markdown",
                        ));
                        return end;
                    }
                    call.body = Some(start..open);
                    call.span.end = line_end(self.body, end);
                    let after = call.span.end;
                    self.calls.push(call);
                    return after;
                }
                Found::Call(inner) => {
                    self.mistakes.push(mistake(
                        inner.span.start..inner.name_span.end,
                        format!("`{}` is called inside the body of `{}`", inner.name, call.name),
                        format!("shortcodes do not nest: close `{}` with `{{% end %}}` first, or move this call out of its body", call.name),
                    ));
                    at = inner.span.end;
                }
                Found::Wrong(wrong) => {
                    at = wrong.span.end.max(open + 2);
                    self.mistakes.push(wrong);
                }
            }
        }
        self.mistakes.push(mistake(
            call.span.start..call.name_span.end,
            format!("`{}` is opened here and never closed", call.name),
            "add a line `{% end %}` after the shortcode's Markdown",
        ));
        self.body.len()
    }

    /// Reads what starts at `open` (`{{` or `{%`).
    fn read(&self, open: usize) -> Found {
        let block = self.body.as_bytes()[open + 1] == b'%';
        let mut p = Cursor {
            text: self.body,
            at: open + 2,
        };
        p.spaces();
        let name_start = p.at;
        let name = p.ident();
        if block && name == "end" {
            p.spaces();
            if p.eat("%}") {
                return Found::End(p.at);
            }
        }
        let name_span = name_start..p.at;
        p.spaces();
        if name.is_empty() || !p.eat("(") {
            return Found::Nothing;
        }
        let args = match p.args() {
            Ok(args) => args,
            Err(wrong) => return Found::Wrong(wrong),
        };
        p.spaces();
        let close = if block { "%}" } else { "}}" };
        if !p.eat(close) {
            // To the end of the line, or from the call's start at its end.
            let end = p.line_end();
            let span = if end > p.at { p.at..end } else { open..p.at };
            return Found::Wrong(mistake(
                span,
                format!("the call of `{name}` does not end with `{close}` after its `)`"),
                FORMS,
            ));
        }
        let span = open..p.at;
        let alone = starts_line(self.body, open) && ends_line(self.body, p.at);
        if block && !alone {
            return Found::Wrong(mistake(
                span,
                format!("`{{% {name}(...) %}}` must stand on a line of its own"),
                "put the opening `{% ... %}` on a line by itself, the Markdown on the lines after it, then `{% end %}`; for a call inside a sentence, write `{{ ... }}`",
            ));
        }
        Found::Call(Call {
            name: name.to_string(),
            name_span,
            args,
            span,
            body: block.then_some(0..0),
            alone,
        })
    }
}

/// Whether only up to three spaces stand before `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    let line = text[..at].rsplit('\n').next().unwrap_or("");
    line.len() <= 3 && line.bytes().all(|b| b == b' ')
}

/// Whether only spaces follow `at` on its line.
fn ends_line(text: &str, at: usize) -> bool {
    text[at..]
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches([' ', '\t', '\r'])
        .is_empty()
}

/// `body` with each call replaced by raw HTML of the same length, which the
/// Markdown parser passes through in one piece: a comment for a call alone
/// on its lines (a block, as an HTML comment starting a line is), a
/// `<g-s>` tag inside a sentence.
pub fn masked(body: &str, calls: &[Call]) -> String {
    let mut out = body.as_bytes().to_vec();
    for call in calls {
        let span = call.span.clone();
        let (open, close): (&[u8], &[u8]) = if call.alone {
            (b"<!--", b"-->")
        } else {
            (b"<g-s", b">")
        };
        for (i, byte) in out[span.clone()].iter_mut().enumerate() {
            if *byte != b'\n' {
                *byte = b' ';
            }
            if i < open.len() {
                *byte = open[i];
            }
        }
        let end = span.end;
        out[end - close.len()..end].copy_from_slice(close);
    }
    // Only ASCII bytes were written, over whole calls: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(body: &str) -> Call {
        let (calls, mistakes) = calls(body);
        assert!(mistakes.is_empty(), "{mistakes:?}");
        assert_eq!(calls.len(), 1, "{calls:?}");
        calls.into_iter().next().unwrap()
    }

    fn wrong(body: &str) -> Mistake {
        let (calls, mistakes) = calls(body);
        assert!(calls.is_empty(), "{calls:?}");
        assert_eq!(mistakes.len(), 1, "{mistakes:?}");
        mistakes.into_iter().next().unwrap()
    }

    #[test]
    fn a_call_has_its_name_and_arguments() {
        let call = one("Text.\n\n{{ pullquote(quote=\"We are close\", by='Blinken', n=3, x=-1.5, ok=true, tags=[\"a\", 2]) }}\n");
        assert_eq!(call.name, "pullquote");
        assert!(call.alone);
        let args: Vec<(&str, String)> = call
            .args
            .iter()
            .map(|a| (a.name.as_str(), a.value.to_string()))
            .collect();
        assert_eq!(
            args,
            [
                ("quote", "\"We are close\"".into()),
                ("by", "\"Blinken\"".into()),
                ("n", "3".into()),
                ("x", "-1.5".into()),
                ("ok", "true".into()),
                ("tags", "[\"a\",2]".into()),
            ]
        );
    }

    #[test]
    fn a_block_call_holds_the_markdown_up_to_its_end() {
        let body = "{% factbox(title=\"Key facts\") %}\n- One\n- Two\n{% end %}\nAfter.";
        let call = one(body);
        assert_eq!(&body[call.body.clone().unwrap()], "\n- One\n- Two\n");
        assert_eq!(
            &body[call.span.clone()],
            &body[..body.find("\nAfter").unwrap()]
        );
    }

    #[test]
    fn braces_in_code_and_prose_are_not_calls() {
        let (calls, mistakes) =
            calls("`{{ a() }}` and {{ not a call }} and\n\n```\n{% b() %}\n```\n");
        assert!(
            calls.is_empty() && mistakes.is_empty(),
            "{calls:?} {mistakes:?}"
        );
    }

    #[test]
    fn a_call_inside_a_sentence_is_not_alone() {
        assert!(!one("Said {{ flag(c=\"eg\") }} today.").alone);
    }

    #[test]
    fn mistakes_point_at_what_is_wrong() {
        assert!(wrong("{{ a(title=\"x) }}").message.contains("never closed"));
        assert!(wrong("{{ a(title=x) }}")
            .message
            .contains("expected a value"));
        assert!(wrong("{{ a(title \"x\") }}")
            .message
            .contains("expected `=`"));
        assert!(wrong("{{ a(t=1, t=2) }}").message.contains("twice"));
        assert!(wrong("{{ a(t=1) }").message.contains("does not end"));
        assert!(wrong("{% a() %}\ntext").message.contains("never closed"));
        assert!(wrong("text\n{% end %}")
            .message
            .contains("closes no shortcode"));
        let (_, mistakes) = calls("Say {% a() %} x\n{% end %}");
        assert!(
            mistakes[0].message.contains("line of its own"),
            "{mistakes:?}"
        );
    }

    #[test]
    fn any_text_gives_spans_on_character_boundaries_and_never_panics() {
        let pieces = [
            "{{", "{%", "%}", "}}", "a(", ")", "=", "\"", "é", "\n", "\n\n", " ", "end", "`",
            "t=1", ",", "[", "]", "'", "\\",
        ];
        // Every string of four pieces: 160,000 texts.
        for n in 0..pieces.len().pow(4) {
            let mut text = String::new();
            let mut k = n;
            for _ in 0..4 {
                text.push_str(pieces[k % pieces.len()]);
                k /= pieces.len();
            }
            let (found, mistakes) = calls(&text);
            let spans = found
                .iter()
                .map(|c| &c.span)
                .chain(mistakes.iter().map(|m| &m.span));
            for span in spans {
                assert!(text.get(span.clone()).is_some(), "{text:?}: {span:?}");
            }
            assert_eq!(masked(&text, &found).len(), text.len());
        }
    }

    #[test]
    fn masking_keeps_every_offset() {
        let body =
            "Café {{ a(t=\"é\") }} x\n\n{{ b(\n t=1) }}\n\n{% c() %}\nIn.\n\n{% end %}\nEnd.";
        let (calls, _) = calls(body);
        assert_eq!(calls.len(), 3);
        let masked = masked(body, &calls);
        assert_eq!(masked.len(), body.len(), "{masked:?}");
        assert_eq!(masked.matches('\n').count(), body.matches('\n').count());
        assert!(masked.starts_with("Café <g-s"));
        assert!(masked.contains("<!-- \n     -->"), "{masked:?}");
        assert!(masked.ends_with("-->\nEnd."), "{masked}");
    }
}
