//! Byte offsets into a text and the editor's positions: a line and a
//! column counted in UTF-16 code units, as the protocol counts them by
//! default. "’" is one unit, "𝄞" two, while gloss counts bytes.

use lsp_types::{Position, Range};

/// Where each line of a text starts, to turn many offsets into positions.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        LineIndex {
            text,
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    /// The position of a byte offset (clamped to the text, and back to the
    /// start of a character it falls inside).
    pub fn position(&self, offset: usize) -> Position {
        let offset =
            crate::diagnostics::floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = utf16_len(&self.text[self.starts[line]..offset]);
        Position::new(line as u32, column as u32)
    }

    pub fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position. A column past the end of its line
    /// means the line's end and a line past the last means the text's end,
    /// as the protocol asks; a column inside a character means its start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }
}

pub fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "a’b\n𝄞x\r\nend";
        let index = LineIndex::new(text);
        assert_eq!(index.position(4), Position::new(0, 2)); // after ’ (3 bytes, 1 unit)
        assert_eq!(index.position(6 + 4), Position::new(1, 2)); // after 𝄞 (4 bytes, 2 units)
        assert_eq!(index.offset(Position::new(1, 2)), 10);
        assert_eq!(index.offset(Position::new(1, 1)), 6); // inside 𝄞: its start
        assert_eq!(index.offset(Position::new(1, 99)), 11); // the line's end, before \r\n
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
        assert_eq!(index.position(text.len()), Position::new(2, 3));
    }
}
