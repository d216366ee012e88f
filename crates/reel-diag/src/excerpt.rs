//! The lines a diagnostic points at, cut down for printing: only the lines its spans touch
//! (with context), and on a very long line only windows around the spans' ends. miette reads
//! the excerpt, never the whole file, so what it draws and every width it pads to stay small.

use crate::Span;

/// Characters kept either side of each label's start and end on a line longer than
/// `LONG_LINE`; the rest of such a line is shown as `…`. This keeps what a terminal shows
/// readable and every column miette pads to small (it panics on widths over 65,535).
const KEEP_CHARS: usize = 40;
const LONG_LINE: usize = 160;
/// Lines of context miette shows either side of the labelled lines.
pub(crate) const CONTEXT_LINES: usize = 1;

/// The lines a diagnostic's spans touch, with `CONTEXT_LINES` either side, each long line cut
/// down to windows around the spans' ends. Offsets into the source map into the excerpt with
/// `map`; line numbers stay those of the source (`first_line`).
pub(crate) struct Excerpt {
    text: String,
    /// 0-based source line of the excerpt's first line.
    first_line: usize,
    /// Per excerpt line: (source byte offset, excerpt byte offset, bytes kept) of each kept
    /// window; a source offset in a gap maps to the `…` after the window before it.
    windows: Vec<(usize, usize, usize)>,
    name: String,
}

impl Excerpt {
    pub(crate) fn new(src: &str, spans: &[Span]) -> Excerpt {
        let at = |o: usize| floor_char(src, o.min(src.len()));
        let lo = spans.iter().map(|s| at(s.start)).min().unwrap_or(0);
        let hi = spans.iter().map(|s| at(s.end.max(s.start))).max().unwrap_or(0);
        // The byte range of the lines from CONTEXT_LINES before `lo` to CONTEXT_LINES after `hi`.
        let mut start = src[..lo].rfind('\n').map_or(0, |i| i + 1);
        for _ in 0..CONTEXT_LINES {
            if start == 0 {
                break;
            }
            start = src[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
        let mut end = src[hi..].find('\n').map_or(src.len(), |i| hi + i);
        for _ in 0..CONTEXT_LINES {
            if end >= src.len() {
                break;
            }
            end = src[end + 1..].find('\n').map_or(src.len(), |i| end + 1 + i);
        }
        let first_line = src[..start].matches('\n').count();
        let points: Vec<usize> = spans.iter().flat_map(|s| [at(s.start), at(s.end.max(s.start))]).collect();
        let mut text = String::new();
        let mut windows = Vec::new();
        let mut line_start = start;
        loop {
            let line_end = src[line_start..end].find('\n').map_or(end, |i| line_start + i);
            Self::push_line(src, line_start, line_end, &points, &mut text, &mut windows);
            if line_end >= end {
                break;
            }
            text.push('\n');
            line_start = line_end + 1;
        }
        Excerpt { text, first_line, windows, name: String::new() }
    }

    /// Append source line `a..b`, whole if short, else as windows around `points` joined by `…`.
    fn push_line(src: &str, a: usize, b: usize, points: &[usize], text: &mut String, windows: &mut Vec<(usize, usize, usize)>) {
        let line = &src[a..b];
        if line.len() <= LONG_LINE {
            windows.push((a, text.len(), line.len()));
            text.push_str(line);
            return;
        }
        let back = |o: usize, n: usize| line[..o].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
        let ahead = |o: usize, n: usize| line[o..].char_indices().nth(n).map_or(line.len(), |(i, _)| o + i);
        let mut ranges: Vec<(usize, usize)> =
            points.iter().filter(|&&p| (a..=b).contains(&p)).map(|&p| (back(p - a, KEEP_CHARS), ahead(p - a, KEEP_CHARS))).collect();
        if ranges.is_empty() {
            ranges.push((0, ahead(0, KEEP_CHARS)));
        }
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for r in ranges {
            match merged.last_mut() {
                Some(m) if r.0 <= m.1 => m.1 = m.1.max(r.1),
                _ => merged.push(r),
            }
        }
        let mut prev_end = 0;
        for (x, y) in merged {
            if x > prev_end {
                text.push('…');
            }
            windows.push((a + x, text.len(), y - x));
            text.push_str(&line[x..y]);
            prev_end = y;
        }
        if prev_end < line.len() {
            text.push('…');
        }
    }

    /// A source span as (offset, length) in the excerpt.
    pub(crate) fn map(&self, span: Span) -> (usize, usize) {
        let start = self.map_offset(span.start);
        let end = self.map_offset(span.end.max(span.start)).max(start);
        (start, end - start)
    }

    fn map_offset(&self, o: usize) -> usize {
        // The last window starting at or before `o`; past its end, the `…` that follows it.
        let i = self.windows.partition_point(|w| w.0 <= o);
        let Some(&(src_at, ex_at, len)) = i.checked_sub(1).and_then(|i| self.windows.get(i)) else { return 0 };
        let ex = if o - src_at <= len { ex_at + (o - src_at) } else { ex_at + len };
        ex.min(self.text.len())
    }

    pub(crate) fn named(mut self, name: String) -> Self {
        self.name = name;
        self
    }
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(&'a self, span: &miette::SourceSpan, before: usize, after: usize) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The largest char boundary of `s` at or before `o`.
pub(crate) fn floor_char(s: &str, mut o: usize) -> usize {
    while o > 0 && !s.is_char_boundary(o) {
        o -= 1;
    }
    o
}
