//! Diagnostics tests: every `tests/ui/*.scene` is compiled and its diagnostics, in a compact
//! text form, must equal the `.diag` file beside it. `REEL_BLESS=1 cargo test --test ui`
//! rewrites the expectations.

use reel::diag::{line_col, Diag, Sources, Span};
use std::path::Path;

/// `line:col`, with the file's name when it is not the case itself (a used file).
fn place(sources: &Sources, span: Span, at: usize) -> String {
    let f = sources.get(span.file);
    let (l, c) = line_col(&f.text, at);
    if span.file.is_main() {
        format!("{l}:{c}")
    } else {
        let name = Path::new(&f.name).file_name().map_or(f.name.clone(), |n| n.to_string_lossy().into_owned());
        format!("{name}:{l}:{c}")
    }
}

fn compact(d: &Diag, sources: &Sources) -> String {
    let (el, ec) = line_col(&sources.get(d.span.file).text, d.span.end);
    let end = format!("{el}:{ec}");
    let mut s = format!("{}[{}] {}-{end}: {}", d.severity.as_str(), d.code, place(sources, d.span, d.span.start), d.message);
    if !d.label.is_empty() {
        s += &format!("\n    label: {}", d.label);
    }
    for (span, label) in &d.labels {
        s += &format!("\n    at {}: {label}", place(sources, *span, span.start));
    }
    if let Some(h) = &d.help {
        s += &format!("\n    help: {h}");
    }
    s
}

#[test]
fn ui_cases_match_expected_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let bless = std::env::var_os("REEL_BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "scene")).collect();
    entries.sort();
    assert!(entries.len() >= 5, "the ui suite lost its cases");
    let mut failures = Vec::new();
    for path in entries {
        // Relative to the package root (cargo's working folder for tests), so the names of
        // used files in the expectations are the same on every machine.
        let c = reel::compile_bytes("case.scene", std::fs::read(&path).unwrap(), Some(Path::new("tests/ui")));
        assert!(!c.diags.is_empty(), "{} is a ui case but produced no diagnostics", path.display());
        let got: String = c.diags.iter().map(|d| compact(d, &c.sources) + "\n").collect();
        let expected_path = path.with_extension("diag");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!("--- {}\nexpected:\n{expected}\ngot:\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Cases that cannot live in a `.scene` file beside the others: a file over the size limit
/// and one that is not UTF-8.
#[test]
fn oversized_and_non_utf8_input() {
    let big = "// x\n".repeat(reel::syntax::MAX_SOURCE_BYTES / 5 + 1);
    let (_, diags) = reel::compile(&big);
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0003"]);
    let mut bytes = b"scene \"caf".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\" { fps 30 }\ntimeline { nobody { idle } }\n");
    let reel::Compiled { ir, diags, .. } = reel::compile_bytes("x.scene", bytes, None);
    assert!(ir.is_none());
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes[0], "E0006");
    assert!(codes.contains(&"E0101"), "the rest of the file is still checked: {codes:?}");
}

/// Every code that `reel explain` knows has a ui case (or a synthetic one above).
#[test]
fn every_code_has_a_ui_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut all = String::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "diag") {
            all += &std::fs::read_to_string(p).unwrap();
        }
    }
    for c in reel::diag::Code::ALL {
        if ["E0003", "E0006"].contains(&c.as_str()) {
            continue;
        }
        assert!(all.contains(&format!("[{c}]")), "no tests/ui case produces {c}");
    }
}
