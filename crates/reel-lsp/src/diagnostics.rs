//! Diagnostics the LSP way: every open document checked with the open buffers over the disk
//! (`reel_check::Overlay`), each diagnostic as an LSP `Diagnostic` (UTF-16 ranges, code,
//! severity, help folded into the message, labels in other files as related information).

use crate::range;
use reel_diag::{Diag, Severity, Sources};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The path of a `file://` document.
fn path_of_uri(uri: &str) -> Option<PathBuf> {
    uri.strip_prefix("file://").map(|p| PathBuf::from(percent_decode(p)))
}

/// The `file://` URI of an absolute path (RFC 3986: bytes outside the unreserved set and
/// `/` are percent-encoded).
pub(crate) fn uri_of_path(path: &str) -> String {
    let mut uri = String::from("file://");
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(b as char),
            _ => uri += &format!("%{b:02X}"),
        }
    }
    uri
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if let (b'%', Some(h), Some(l)) = (b[i], b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c))) {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// (uri, LSP diagnostics) of every open document, each checked with the open buffers over
/// the disk (`reel_check::Overlay`): a used file is read as it is on screen.
pub fn diagnostics_of_open(docs: &BTreeMap<String, String>) -> Vec<(String, Vec<Value>)> {
    let world = reel_check::Overlay::new(docs.iter().filter_map(|(uri, text)| Some((path_of_uri(uri)?, text.as_str()))));
    docs.iter().map(|(uri, text)| (uri.clone(), diagnostics_json(&world, uri, text))).collect()
}

/// The diagnostics of one document that point into it; one pointing elsewhere (a used
/// file) is reported by the E0110 at its `use`. Every label becomes related information
/// with its place (in a used file too).
pub fn diagnostics_json(world: &dyn reel_check::World, uri: &str, text: &str) -> Vec<Value> {
    let path = path_of_uri(uri);
    let dir = path.as_deref().and_then(|p| p.parent());
    let c = reel_check::compile_with(world, uri, text.as_bytes().to_vec(), dir);
    c.diags.iter().filter(|d| d.span.file.is_main()).map(|d| diagnostic_json(d, &c.sources)).collect()
}

pub fn diagnostic_json(d: &Diag, sources: &Sources) -> Value {
    let src = &sources.main().text;
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message += &format!("\nhelp: {h}");
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .map(|(s, label)| {
            let other = sources.get(s.file);
            // The document is named by its URI; a used file by its path.
            let uri = if other.name.starts_with("file://") { other.name.clone() } else { uri_of_path(&other.name) };
            json!({ "location": { "uri": uri, "range": range(&other.text, *s) }, "message": label })
        })
        .collect();
    let mut v = json!({
        "range": range(src, d.span),
        "severity": if d.severity == Severity::Error { 1 } else { 2 },
        "code": d.code,
        "source": "reel",
        "message": message,
    });
    if !related.is_empty() {
        v["relatedInformation"] = json!(related);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_diag::{Code, Span};

    #[test]
    fn a_diagnostic_with_help_and_a_label_in_a_used_file() {
        let mut sources = Sources::single("file:///s/a.scene", "use set\nactor chair = humanoid {}\n");
        let d0 = Diag::error(Code::E0104, Span::new(14, 19), "x").with(Span::new(4, 7), "the use");
        assert_eq!(diagnostic_json(&d0, &sources)["relatedInformation"][0]["location"]["uri"], "file:///s/a.scene");
        let set = sources.add("/s/my set.scene", "// the set\nprop chair = table {}\n");
        let d = Diag::error(Code::E0104, Span::new(14, 19), "`chair` is declared twice")
            .label("declared again here")
            .with(Span { start: 16, end: 21, file: set }, "first declared here")
            .help("give each its own name");
        insta::assert_json_snapshot!(diagnostic_json(&d, &sources));
    }

    #[test]
    fn columns_count_utf16_units() {
        let src = "// 🎬 é\nactor 🐒 = humanoid {}\n";
        let at = src.find('🐒').unwrap();
        let d = Diag::warning(Code::W0001, Span::new(at, at + '🐒'.len_utf8()), "unused actor");
        let v = diagnostic_json(&d, &Sources::single("a.scene", src));
        assert_eq!(v["range"], json!({"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 8}}));
        assert_eq!(v["severity"], 2);
    }

    #[test]
    fn uris_and_paths_round_trip() {
        let path = "/home/me/my films/a#1%.scene";
        let uri = uri_of_path(path);
        assert_eq!(uri, "file:///home/me/my%20films/a%231%25.scene");
        assert_eq!(path_of_uri(&uri), Some(PathBuf::from(path)));
    }
}
