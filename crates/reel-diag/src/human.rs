//! Diagnostics for a terminal: miette's graphical reports, drawn from an `Excerpt` of the
//! file each diagnostic points into, headed `name:line:column`. A label in another file
//! than the primary span (a declaration in a used file) becomes a help line with its place.

use crate::excerpt::{Excerpt, CONTEXT_LINES};
use crate::{line_col, Diag, Severity, Sources, Span};
use miette::{LabeledSpan, MietteDiagnostic};

/// Whether diagnostics on a terminal get colour: yes unless `NO_COLOR` is set to something
/// not empty (no-color.org: an empty `NO_COLOR=` leaves colour on).
pub fn color_wanted(no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Render diagnostics for a terminal: graphical with colours when `color`, plain otherwise.
pub fn render_human(diags: &[Diag], sources: &Sources, color: bool) -> String {
    use std::fmt::Write;
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = miette::GraphicalReportHandler::new_themed(theme).without_primary_span_start().with_context_lines(CONTEXT_LINES);
    let mut out = String::new();
    for d in diags {
        let report = to_report(d, sources);
        let _ = handler.render_report(&mut out, report.as_ref());
        let _ = writeln!(out);
    }
    out
}

/// A miette report carrying the lines this diagnostic points at, for graphical printing.
pub fn to_report(d: &Diag, sources: &Sources) -> miette::Report {
    let file = sources.get(d.span.file);
    let (here, elsewhere): (Vec<_>, Vec<_>) = d.labels.iter().partition(|(s, _)| s.file == d.span.file);
    let spans: Vec<Span> = std::iter::once(d.span).chain(here.iter().map(|(s, _)| *s)).collect();
    let excerpt = Excerpt::new(&file.text, &spans);
    let mut labels = vec![LabeledSpan::new_primary_with_span((!d.label.is_empty()).then(|| d.label.clone()), excerpt.map(d.span))];
    for (span, text) in here {
        labels.push(LabeledSpan::new_with_span(Some(text.clone()), excerpt.map(*span)));
    }
    let mut m = MietteDiagnostic::new(d.message.clone())
        .with_code(d.code.as_str())
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    let notes: Vec<String> = elsewhere
        .iter()
        .map(|(s, text)| {
            let other = sources.get(s.file);
            let (l, c) = line_col(&other.text, s.start);
            format!("{text}: {}:{l}:{c}", other.name)
        })
        .collect();
    let help = d.help.iter().cloned().chain(notes).collect::<Vec<_>>().join("\n");
    if !help.is_empty() {
        m = m.with_help(help);
    }
    let (line, col) = line_col(&file.text, d.span.start);
    miette::Report::new(m).with_source_code(excerpt.named(format!("{}:{line}:{col}", file.name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, FileId};

    #[test]
    fn a_report_names_its_file_line_and_column_and_draws_its_labels() {
        let src = "scene \"x\" {}\nactor a = humanoid {}\nactor a = humanoid {}\n";
        let d = Diag::error(Code::E0104, Span::new(41, 42), "`a` is declared twice")
            .label("declared again here")
            .with(Span::new(19, 20), "first declared here")
            .help("give each its own name");
        insta::assert_snapshot!(render_human(&[d], &Sources::single("a.scene", src), false));
    }

    #[test]
    fn a_label_in_another_file_is_a_help_line_with_its_place() {
        let mut sources = Sources::single("a.scene", "use set\nactor chair = humanoid {}\n");
        let set = sources.add("set.scene", "// the set\nprop chair = table {}\n");
        let d = Diag::error(Code::E0104, Span::new(14, 19), "`chair` is declared twice")
            .label("declared again here")
            .with(Span { start: 16, end: 21, file: set }, "first declared here");
        insta::assert_snapshot!(render_human(&[d], &sources, false));
    }

    #[test]
    fn a_diagnostic_in_a_used_file_is_drawn_from_that_file() {
        let mut sources = Sources::single("a.scene", "use set\n");
        let set = sources.add("set.scene", "prop chair = tabel {}\n");
        let d = Diag::error(Code::E0106, Span::new(13, 18), "`tabel` is not a prop archetype").label("unknown archetype").in_file(set);
        assert_eq!(d.span.file, FileId(1));
        let out = render_human(&[d], &sources, false);
        assert!(out.contains("set.scene:1:14") && out.contains("prop chair = tabel {}"), "{out}");
    }
}
