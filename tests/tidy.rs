//! Rooms a person can read: every source file of the workspace (tests aside) has a module
//! doc, none is over 900 lines, and no function is over 150 lines (aim for ~120).

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 900;
const MAX_FN_LINES: usize = 150;

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("src")];
    for e in std::fs::read_dir(root.join("crates")).unwrap() {
        dirs.push(e.unwrap().path().join("src"));
    }
    let mut files = Vec::new();
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() > 30, "the workspace's sources were not found");
    files
}

/// The text with comments, strings and character literals blanked (newlines kept), so that
/// braces can be counted.
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            while i < b.len() && !(b[i] == '*' && b.get(i + 1) == Some(&'/')) {
                out.push(blank(b[i]));
                i += 1;
            }
            out.push_str("  ");
            i += 2;
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && (i == 0 || !b[i - 1].is_alphanumeric()) {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let rest: String = b[j + 1..].iter().collect();
            let end = rest.find(&close).map_or(b.len(), |k| j + 1 + rest[..k].chars().count() + close.len());
            for &ch in &b[i..end.min(b.len())] {
                out.push(blank(ch));
            }
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (b.get(i + 2) == Some(&'\'') || (next == Some('\\') && b[i..].iter().skip(2).take(10).any(|&x| x == '\''))) {
            // A character literal ('x', '\n', '\u{7f}'), not a lifetime.
            let len = b[i + 1..].iter().skip(1).position(|&x| x == '\'').map_or(1, |k| k + 3);
            for _ in 0..len {
                out.push(' ');
            }
            i += len;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Each function's name, first line (1-based) and length in lines.
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let code = code_only(src);
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let t = t.strip_prefix("pub(crate) ").or_else(|| t.strip_prefix("pub ")).unwrap_or(t);
        let t = t.strip_prefix("const ").or_else(|| t.strip_prefix("unsafe ")).unwrap_or(t);
        let Some(rest) = t.strip_prefix("fn ") else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let (mut depth, mut started) = (0i64, false);
        for (j, l) in lines.iter().enumerate().skip(i) {
            for ch in l.chars() {
                match ch {
                    '{' => {
                        depth += 1;
                        started = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if !started && l.trim_end().ends_with(';') {
                break;
            }
            if started && depth <= 0 {
                out.push((name.clone(), i + 1, j - i + 1));
                break;
            }
        }
    }
    out
}

#[test]
fn every_file_has_a_module_doc_and_fits_the_limits() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for p in sources() {
        let rel = p.strip_prefix(root).unwrap().display().to_string();
        let src = std::fs::read_to_string(&p).unwrap();
        // Unit tests at the end of a file are not counted.
        let body = src.split("#[cfg(test)]").next().unwrap();
        if !src.starts_with("//!") {
            problems.push(format!("{rel}: no module doc (`//!` first)"));
        }
        let n = body.lines().count();
        if n > MAX_FILE_LINES {
            problems.push(format!("{rel}: {n} lines, more than {MAX_FILE_LINES}"));
        }
        for (name, at, len) in functions(body) {
            if len > MAX_FN_LINES {
                problems.push(format!("{rel}:{at}: fn {name} is {len} lines, more than {MAX_FN_LINES}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_sees_through_strings_comments_and_characters() {
    let src = "fn a() {\n    let s = \"}}}\"; // }\n    let c = '}';\n    let r = r#\"{\"#;\n    /* { */\n}\nfn b<'x>(v: &'x str) -> &'x str {\n    v\n}\n";
    assert_eq!(functions(src), vec![("a".to_string(), 1, 6), ("b".to_string(), 7, 3)]);
}

/// Defaults have one source, the stdlib: the checker takes a declared default from what
/// `args::bind` fills in, and where a value is missing only because binding it failed (an
/// error, so no IR), a neutral zero stands in. A non-zero literal fallback in the checker
/// would be a second, silently diverging copy of some default.
#[test]
fn the_checker_restates_no_default() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/reel-check/src");
    let mut found = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        for (n, line) in text.lines().enumerate() {
            for pat in ["unwrap_or(", "map_or(("] {
                for (i, _) in line.match_indices(pat) {
                    let arg = &line[i + pat.len()..];
                    let literal: String = arg.trim_start_matches('[').chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
                    if literal.parse::<f64>().is_ok_and(|v| v != 0.0) && literal.contains('.') {
                        found.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "defaults restated in Rust (declare them in stdlib/*.scene):\n{}", found.join("\n"));
}

/// A crate holds its own data: no `include_str!`/`include_bytes!` or pest grammar path in a
/// crate's source reaches outside the crate's folder, but these: the prompt pass shows the
/// model the reference and the examples that users read, the same files.
const SHARED_WITH_USERS: &[&str] = &["../../../docs/", "../../../examples/"];

#[test]
fn no_crate_embeds_a_file_outside_itself() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for p in sources().into_iter().filter(|p| p.starts_with(root.join("crates"))) {
        let krate = p.strip_prefix(root.join("crates")).unwrap().components().next().unwrap().as_os_str().to_owned();
        let krate_dir = root.join("crates").join(krate);
        let text = std::fs::read_to_string(&p).unwrap();
        for marker in ["include_str!(\"", "include_bytes!(\"", "#[grammar = \""] {
            for (i, _) in text.match_indices(marker) {
                let rel: String = text[i + marker.len()..].chars().take_while(|c| *c != '"').collect();
                let target = p.parent().unwrap().join(&rel);
                let inside = target.canonicalize().map(|t| t.starts_with(krate_dir.canonicalize().unwrap())).unwrap_or(false);
                // pest resolves `grammar` paths from the crate's src folder.
                let inside = inside || (marker.starts_with("#[") && krate_dir.join("src").join(&rel).canonicalize().is_ok_and(|t| t.starts_with(&krate_dir)));
                if !inside && !SHARED_WITH_USERS.iter().any(|s| rel.starts_with(s) && p.starts_with(root.join("crates/reel-llm"))) {
                    found.push(format!("{}: {marker}{rel}", p.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "embedded from outside the crate:\n{}", found.join("\n"));
}
