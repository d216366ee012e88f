//! Diagnostics as GitHub Actions workflow commands (`reel check --format github`): each an
//! annotation on the lines of the file it points into.

use crate::{line_col, Diag, Severity, Sources};

pub fn to_github(d: &Diag, sources: &Sources) -> String {
    let file = sources.get(d.span.file);
    let (l, c) = line_col(&file.text, d.span.start);
    let (el, ec) = line_col(&file.text, d.span.end);
    let kind = if d.severity == Severity::Error { "error" } else { "warning" };
    let mut msg = d.message.clone();
    if let Some(h) = &d.help {
        msg += &format!("\nhelp: {h}");
    }
    format!("::{kind} file={},line={l},col={c},endLine={el},endColumn={ec},title={}::{}", escape(&file.name, true), d.code, escape(&msg, false))
}

/// Workflow-command escaping: `%`, CR and LF everywhere; `:` and `,` in properties too.
fn escape(s: &str, property: bool) -> String {
    let mut o = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    if property {
        o = o.replace(':', "%3A").replace(',', "%2C");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, Span};

    #[test]
    fn an_annotation_escapes_its_properties_and_message() {
        let src = "timeline {\n  wukog { idle }\n}\n";
        let d = Diag::error(Code::E0101, Span::new(13, 18), "unknown actor `wukog`: 100%").help("did you mean `wukong`?");
        insta::assert_snapshot!(to_github(&d, &Sources::single("dir,a:b.scene", src)));
    }
}
