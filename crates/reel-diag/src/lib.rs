//! The one diagnostic type produced by parse and check, its renderers (human, JSON,
//! GitHub), the byte `Span` every diagnostic and syntax node carries, and the long
//! explanation of every code (`explain`).

pub mod explain;

use miette::{LabeledSpan, MietteDiagnostic};

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diag {
    /// Stable code, `E0xxx` for errors, `W0xxx` for warnings; see docs/diagnostics.md.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The primary span and its label.
    pub span: Span,
    pub label: String,
    /// Secondary labels.
    pub labels: Vec<(Span, String)>,
    pub help: Option<String>,
}

impl Diag {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diag { code, severity: Severity::Error, message: message.into(), span, label: String::new(), labels: Vec::new(), help: None }
    }
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Diag { severity: Severity::Warning, ..Diag::error(code, span, message) }
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    pub fn with(mut self, span: Span, label: impl Into<String>) -> Self {
        self.labels.push((span, label.into()));
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A miette report carrying the lines this diagnostic points at (see `Excerpt`), for
    /// graphical printing. The report names `file_name:line:column` of the primary span.
    pub fn to_report(&self, file_name: &str, src: &str) -> miette::Report {
        let spans: Vec<Span> = std::iter::once(self.span).chain(self.labels.iter().map(|(s, _)| *s)).collect();
        let excerpt = Excerpt::new(src, &spans);
        let mut labels = vec![LabeledSpan::new_primary_with_span((!self.label.is_empty()).then(|| self.label.clone()), excerpt.map(self.span))];
        for (span, text) in &self.labels {
            labels.push(LabeledSpan::new_with_span(Some(text.clone()), excerpt.map(*span)));
        }
        let mut d = MietteDiagnostic::new(self.message.clone())
            .with_code(self.code)
            .with_severity(match self.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            })
            .with_labels(labels);
        if let Some(h) = &self.help {
            d = d.with_help(h.clone());
        }
        let (line, col) = line_col(src, self.span.start);
        miette::Report::new(d).with_source_code(excerpt.named(format!("{file_name}:{line}:{col}")))
    }
}

/// Characters kept either side of each label's start and end on a line longer than
/// `LONG_LINE`; the rest of such a line is shown as `…`. This keeps what a terminal shows
/// readable and every column miette pads to small (it panics on widths over 65,535).
const KEEP_CHARS: usize = 40;
const LONG_LINE: usize = 160;
/// Lines of context miette shows either side of the labelled lines.
const CONTEXT_LINES: usize = 1;

/// The lines a diagnostic's spans touch, with `CONTEXT_LINES` either side, each long line cut
/// down to windows around the spans' ends. Offsets into the source map into the excerpt with
/// `map`; line numbers stay those of the source (`first_line`).
struct Excerpt {
    text: String,
    /// 0-based source line of the excerpt's first line.
    first_line: usize,
    /// Per excerpt line: (source byte offset, excerpt byte offset, bytes kept) of each kept
    /// window; a source offset in a gap maps to the `…` after the window before it.
    windows: Vec<(usize, usize, usize)>,
    name: String,
}

impl Excerpt {
    fn new(src: &str, spans: &[Span]) -> Excerpt {
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
    fn map(&self, span: Span) -> (usize, usize) {
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

    fn named(mut self, name: String) -> Self {
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
fn floor_char(s: &str, mut o: usize) -> usize {
    while o > 0 && !s.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// Whether diagnostics on a terminal get colour: yes unless `NO_COLOR` is set to something
/// not empty (no-color.org: an empty `NO_COLOR=` leaves colour on).
pub fn color_wanted(no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Render diagnostics for a terminal: graphical with colours when `color`, plain otherwise.
pub fn render_human(diags: &[Diag], file_name: &str, src: &str, color: bool) -> String {
    use std::fmt::Write;
    let handler = if color {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode())
    } else {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
    }
    .without_primary_span_start()
    .with_context_lines(CONTEXT_LINES);
    let mut out = String::new();
    for d in diags {
        let report = d.to_report(file_name, src);
        let _ = handler.render_report(&mut out, report.as_ref());
        let _ = writeln!(out);
    }
    out
}

/// The name among `candidates` nearest to `name`, if it is near enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(name, c);
        let dist = strsim::levenshtein(name, c);
        if (score >= 0.8 || dist <= 2) && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..floor_char(src, offset.min(src.len()))];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The JSON form of a diagnostic (stable fields: code, severity, message, file, line,
/// column, span, labels, help).
pub fn to_json(d: &Diag, file: &str, src: &str) -> serde_json::Value {
    let (line, column) = line_col(src, d.span.start);
    let (end_line, end_column) = line_col(src, d.span.end);
    serde_json::json!({
        "code": d.code,
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "message": d.message,
        "file": file,
        "line": line, "column": column, "end_line": end_line, "end_column": end_column,
        "span": { "start": d.span.start, "end": d.span.end },
        "label": d.label,
        "labels": d.labels.iter().map(|(s, l)| serde_json::json!({"start": s.start, "end": s.end, "label": l})).collect::<Vec<_>>(),
        "help": d.help,
    })
}

/// A GitHub Actions workflow command for a diagnostic (an annotation on its lines).
pub fn to_github(d: &Diag, file: &str, src: &str) -> String {
    let (l, c) = line_col(src, d.span.start);
    let (el, ec) = line_col(src, d.span.end);
    let kind = if d.severity == Severity::Error { "error" } else { "warning" };
    let mut msg = d.message.clone();
    if let Some(h) = &d.help {
        msg += &format!("\nhelp: {h}");
    }
    format!("::{kind} file={},line={l},col={c},endLine={el},endColumn={ec},title={}::{}", github_escape(file, true), d.code, github_escape(&msg, false))
}

fn github_escape(s: &str, property: bool) -> String {
    let mut o = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        o = o.replace(':', "%3A").replace(',', "%2C");
    }
    o
}
