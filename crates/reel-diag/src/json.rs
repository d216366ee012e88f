//! Diagnostics as JSON, for `reel check --format json`, the watch preview and tools. The
//! fields are stable: code, severity, message, file, line, column, end_line, end_column,
//! span, label, labels, help.

use crate::{line_col, Diag, Sources};
use serde_json::{json, Value};

pub fn to_json(d: &Diag, sources: &Sources) -> Value {
    let file = sources.get(d.span.file);
    let (line, column) = line_col(&file.text, d.span.start);
    let (end_line, end_column) = line_col(&file.text, d.span.end);
    json!({
        "code": d.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": file.name,
        "line": line, "column": column, "end_line": end_line, "end_column": end_column,
        "span": { "start": d.span.start, "end": d.span.end },
        "label": d.label,
        "labels": d.labels.iter().map(|(s, l)| {
            let mut v = json!({"start": s.start, "end": s.end, "label": l});
            if s.file != d.span.file {
                v["file"] = json!(sources.get(s.file).name);
            }
            v
        }).collect::<Vec<_>>(),
        "help": d.help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, Span};

    #[test]
    fn every_field_of_a_diagnostic() {
        let src = "scene \"x\" {\n  fps 0\n}\n";
        let d = Diag::error(Code::E0208, Span::new(18, 19), "fps must be 1 to 120").label("out of range").help("most films use 24");
        insta::assert_json_snapshot!(to_json(&d, &Sources::single("a.scene", src)));
    }

    #[test]
    fn a_diagnostic_in_a_used_file_names_that_file() {
        let mut sources = Sources::single("a.scene", "use set\n");
        let set = sources.add("dir/set.scene", "\nprop p = tabel {}\n");
        let d = Diag::error(Code::E0106, Span::new(10, 15), "`tabel` is not a prop archetype").in_file(set);
        let v = to_json(&d, &sources);
        assert_eq!((v["file"].as_str(), v["line"].as_u64(), v["column"].as_u64()), (Some("dir/set.scene"), Some(2), Some(10)));
    }
}
