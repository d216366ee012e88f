//! Diagnostics: the one `Diag` type that parse and check produce, the byte `Span` (with the
//! `FileId` of the file it points into) that every diagnostic and syntax node carries, the
//! `Sources` a set of diagnostics points into, the typed `Code` of every diagnostic with its
//! explanation (`codes.rs`, one table), and the renderers: `human` (miette, for terminals),
//! `json`, `github` (workflow annotations). The language server's renderer is in reel-lsp.

pub mod codes;
mod excerpt;
pub mod github;
pub mod human;
pub mod json;
mod sources;

pub use codes::Code;
pub use github::to_github;
pub use human::{color_wanted, render_human};
pub use json::to_json;
pub use sources::{Source, Sources};

/// Which file a span points into: an index into the `Sources` a compile returns. The file
/// being parsed or checked is `MAIN`; a span from a file it `use`s is stamped with that
/// file's id when its diagnostics are handed up (`Diag::in_file`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct FileId(pub u32);

impl FileId {
    pub const MAIN: FileId = FileId(0);

    pub fn is_main(&self) -> bool {
        *self == FileId::MAIN
    }
}

/// A byte range in one source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    #[serde(skip_serializing_if = "FileId::is_main", serialize_with = "file_index")]
    pub file: FileId,
}

fn file_index<S: serde::Serializer>(f: &FileId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32(f.0)
}

impl Span {
    /// A span in the file being parsed or checked.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end, file: FileId::MAIN }
    }
    /// The smallest span covering both (in `self`'s file).
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end), file: self.file }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diag {
    /// Stable code; see `codes.rs` and docs/diagnostics.md.
    pub code: Code,
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
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diag { code, severity: Severity::Error, message: message.into(), span, label: String::new(), labels: Vec::new(), help: None }
    }
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Self {
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
    /// This diagnostic of a used file, handed up to the file that uses it: its spans in
    /// that file's `MAIN` become `file` (spans already stamped, from files it used in
    /// turn, keep theirs).
    pub fn in_file(mut self, file: FileId) -> Self {
        let stamp = |s: &mut Span| {
            if s.file.is_main() {
                s.file = file;
            }
        };
        stamp(&mut self.span);
        self.labels.iter_mut().for_each(|(s, _)| stamp(s));
        self
    }
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
    let before = &src[..excerpt::floor_char(src, offset.min(src.len()))];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}
