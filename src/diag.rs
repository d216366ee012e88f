//! The one diagnostic type produced by parse and check, rendered once by the CLI.

use crate::syntax::Span;
use miette::{LabeledSpan, MietteDiagnostic, NamedSource};

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

    /// A miette report carrying the source, for graphical printing.
    pub fn to_report(&self, file_name: &str, src: &str) -> miette::Report {
        let mut labels = vec![LabeledSpan::new_primary_with_span((!self.label.is_empty()).then(|| self.label.clone()), clamp(self.span, src.len()))];
        for (span, text) in &self.labels {
            labels.push(LabeledSpan::new_with_span(Some(text.clone()), clamp(*span, src.len())));
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
        miette::Report::new(d).with_source_code(NamedSource::new(file_name, src.to_string()))
    }
}

fn clamp(span: Span, len: usize) -> (usize, usize) {
    let start = span.start.min(len);
    let end = span.end.clamp(start, len);
    (start, end - start)
}

/// Render diagnostics for a terminal: graphical with colours when `color`, plain otherwise.
pub fn render_human(diags: &[Diag], file_name: &str, src: &str, color: bool) -> String {
    use std::fmt::Write;
    let handler = if color {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode())
    } else {
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
    };
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
    let offset = offset.min(src.len());
    let mut o = offset;
    while o > 0 && !src.is_char_boundary(o) {
        o -= 1;
    }
    let before = &src[..o];
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
