//! The front end's entry points: bytes or text → parse → check → `Compiled` (the IR when
//! there are no errors, every diagnostic, and the `Sources` they point into). Problems in
//! the standard library itself are reported with the diagnostics of every compile.

use crate::stdlib::{lib, FILES};
use crate::{Checker, Disk, World};
use reel_diag::{Code, Diag, Severity, Sources, Span};
use reel_ir as ir;
use std::path::{Path, PathBuf};

/// What a compile produced.
#[derive(Debug)]
pub struct Compiled {
    /// The scene (`FileId::MAIN`), each file it used, and any stdlib file with a problem.
    pub sources: Sources,
    /// `None` when any diagnostic is an error.
    pub ir: Option<ir::Scene>,
    /// Sorted by file (the scene's first), then place.
    pub diags: Vec<Diag>,
}

/// Parse and check a scene's text. Returns the IR when there are no errors, and every
/// diagnostic (errors and warnings) either way.
pub fn compile(src: &str) -> (Option<ir::Scene>, Vec<Diag>) {
    compile_in(src, None)
}

/// `compile` for a scene in folder `dir`, whose `use NAME` may load `dir/NAME.scene`.
pub fn compile_in(src: &str, dir: Option<&Path>) -> (Option<ir::Scene>, Vec<Diag>) {
    let c = compile_with(&Disk, "", src.as_bytes().to_vec(), dir);
    (c.ir, c.diags)
}

/// `compile_with` on the disk.
pub fn compile_bytes(name: &str, bytes: Vec<u8>, dir: Option<&Path>) -> Compiled {
    compile_with(&Disk, name, bytes, dir)
}

/// Compile the bytes of the scene called `name` (as reports should name it) in folder
/// `dir` (where `use NAME` looks; none for standard input), reading used files from
/// `world`. Decoding problems are diagnostics too.
pub fn compile_with(world: &dyn World, name: &str, bytes: Vec<u8>, dir: Option<&Path>) -> Compiled {
    let (src, bad) = decode_source(bytes);
    let (ast, mut diags) = reel_syntax::parse(&src);
    diags.extend(bad);
    let mut c = Checker { world: Some(world), sources: Sources::single(name, src), dir: dir.map(Path::to_path_buf), ..Checker::default() };
    let ir = c.file(&ast);
    diags.extend(c.diags);
    let mut sources = c.sources;
    diags.extend(stdlib_problems(&mut sources, &lib().problems));
    diags.sort_by_key(|d| (d.span.file, d.span.start, d.span.end));
    let has_errors = diags.iter().any(|d| d.severity == Severity::Error);
    Compiled { sources, ir: if has_errors { None } else { ir }, diags }
}

/// The standard library's own problems (it is embedded, and a test keeps it clean; a
/// changed stdlib that does not load is reported, not silently half-used), each pointing
/// into its stdlib file, added to `sources`.
fn stdlib_problems(sources: &mut Sources, problems: &[(String, Diag)]) -> Vec<Diag> {
    let mut out = Vec::new();
    for (_, file, text) in FILES {
        let problems: Vec<&Diag> = problems.iter().filter(|(f, _)| f == file).map(|(_, d)| d).collect();
        if problems.is_empty() {
            continue;
        }
        let id = sources.add(format!("stdlib/{file}"), *text);
        out.extend(problems.into_iter().map(|d| Diag { severity: Severity::Error, ..d.clone() }.in_file(id)));
    }
    out
}

/// Decode a scene file's bytes. Invalid UTF-8 is replaced (U+FFFD) and reported as `E0006`
/// at the first bad byte, so the rest of the file is still checked.
pub fn decode_source(bytes: Vec<u8>) -> (String, Option<Diag>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = Diag::error(Code::E0006, Span::new(at, at + 1), format!("the file is not valid UTF-8 (bad byte at offset {at})"))
                .label("not UTF-8")
                .help("save the file as UTF-8");
            (text, Some(d))
        }
    }
}

/// The folder a scene file's `use NAME` looks in: its parent (`.` for a bare name), or none
/// for standard input (`-`).
pub fn scene_dir(path: &Path) -> Option<PathBuf> {
    if path == Path::new("-") {
        return None;
    }
    Some(match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stdlib_problem_is_an_error_pointing_into_its_stdlib_file() {
        let problem = Diag::warning(Code::E0201, Span::new(4, 9), "a broken builtin");
        let mut sources = Sources::single("a.scene", "");
        let diags = stdlib_problems(&mut sources, &[("props.scene".to_string(), problem)]);
        assert_eq!(diags.len(), 1);
        let file = sources.get(diags[0].span.file);
        assert_eq!((file.name.as_str(), diags[0].severity), ("stdlib/props.scene", Severity::Error));
        assert!(file.text.contains("archetype"));
        let text = reel_diag::render_human(&diags, &sources, false);
        assert!(text.contains("stdlib/props.scene:1:5"), "{text}");
    }

    #[test]
    fn the_shipped_stdlib_has_no_problems() {
        assert!(stdlib_problems(&mut Sources::single("a.scene", ""), &lib().problems).is_empty());
    }
}
