//! The arguments of a shortcode call, `key="text", n=3, flag=true,
//! list=[1, 2]`, read one character at a time with the place of each
//! mistake.

use std::ops::Range;

use serde_json::Value;

/// A `key=value` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub value: Value,
    pub span: Range<usize>,
}

/// A call written wrongly: where, what, and what to write instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

pub(super) fn mistake(
    span: Range<usize>,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Mistake {
    Mistake {
        span,
        message: message.into(),
        help: help.into(),
    }
}

/// How to write a call, for the help of a mistake.
pub(super) const FORMS: &str = "write `{{ name(key=\"text\", n=3, flag=true) }}`, or `{% name(key=\"text\") %}` and `{% end %}` on lines of their own around Markdown";

/// The end of the line `at` stands on, before its line feed.
pub(super) fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |n| at + n)
}

/// A reading position in the body.
pub(super) struct Cursor<'a> {
    pub text: &'a str,
    pub at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    pub fn spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    pub fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.at += s.len();
        }
        found
    }

    pub fn line_end(&self) -> usize {
        line_end(self.text, self.at)
    }

    /// A name: a letter or `_`, then letters, digits and `_`.
    pub fn ident(&mut self) -> &'a str {
        let rest = self.rest();
        let first_ok = rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        let len = if first_ok {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len())
        } else {
            0
        };
        self.at += len;
        &self.text[self.at - len..self.at]
    }

    fn wrong(&self, message: impl Into<String>, help: impl Into<String>) -> Mistake {
        let end = (self.at + 1).min(self.text.len()).max(self.at);
        let end = (end..=self.text.len())
            .find(|&e| self.text.is_char_boundary(e))
            .unwrap_or(self.text.len());
        mistake(self.at..end, message, help)
    }

    /// The arguments after `(`, through `)`.
    pub fn args(&mut self) -> Result<Vec<Arg>, Mistake> {
        let mut args: Vec<Arg> = Vec::new();
        loop {
            self.spaces();
            if self.eat(")") {
                return Ok(args);
            }
            let start = self.at;
            let name = self.ident().to_string();
            if name.is_empty() {
                return Err(self.wrong("expected an argument's name or `)`", FORMS));
            }
            if args.iter().any(|a| a.name == name) {
                return Err(mistake(
                    start..self.at,
                    format!("the argument `{name}` is given twice"),
                    "give each argument once",
                ));
            }
            self.spaces();
            if !self.eat("=") {
                return Err(self.wrong(format!("expected `=` after `{name}`"), FORMS));
            }
            self.spaces();
            let value = self.value()?;
            args.push(Arg {
                name,
                value,
                span: start..self.at,
            });
            self.spaces();
            if !self.eat(",") && !self.rest().starts_with(')') {
                return Err(self.wrong("expected `,` or `)` after an argument", FORMS));
            }
        }
    }

    /// A value: a quoted text, a number, `true`, `false` or a `[list]`.
    fn value(&mut self) -> Result<Value, Mistake> {
        let rest = self.rest();
        if let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        {
            return self.quoted(quote);
        }
        if self.eat("[") {
            return self.list();
        }
        for (word, value) in [("true", true), ("false", false)] {
            if rest.starts_with(word)
                && !rest[word.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                self.at += word.len();
                return Ok(Value::Bool(value));
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))
            .unwrap_or(rest.len());
        if let Ok(n) = rest[..len].parse::<i64>() {
            self.at += len;
            return Ok(Value::from(n));
        }
        if let Some(n) = rest[..len]
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
        {
            self.at += len;
            return Ok(Value::Number(n));
        }
        Err(self.wrong(
            "expected a value: a text in quotes, a number, `true`, `false` or a `[list]`",
            "put a text in quotes: `title=\"Key facts\"`",
        ))
    }

    fn quoted(&mut self, quote: char) -> Result<Value, Mistake> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c == quote => {
                    self.at += i + 1;
                    return Ok(Value::String(text));
                }
                '\\' if quote != '`' => match chars.next() {
                    Some((_, next)) => text.push(next),
                    None => break,
                },
                '\n' if self.text[self.at + i + 1..].starts_with('\n') => break,
                c => text.push(c),
            }
        }
        self.at = start;
        Err(self.wrong(
            format!("this text is never closed with `{quote}`"),
            format!("end it with `{quote}`; to put `{quote}` inside it, write `\\{quote}`"),
        ))
    }

    fn list(&mut self) -> Result<Value, Mistake> {
        let mut items = Vec::new();
        loop {
            self.spaces();
            if self.eat("]") {
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            self.spaces();
            if !self.eat(",") && !self.rest().starts_with(']') {
                return Err(self.wrong(
                    "expected `,` or `]` in the list",
                    "separate the items with `,` and end the list with `]`",
                ));
            }
        }
    }
}
