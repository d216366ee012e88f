//! reel: a compiler from `.scene` text to simulated, rendered video.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! `syntax` (text → Ast) → `check` (Ast → Ir) → `sim` (Ir → Bake) → `render` (Bake frame →
//! pixels) → `encode` (pixels → file). `diag` is the one diagnostic type of the front end.

pub mod check;
pub mod diag;
#[cfg(feature = "engine")]
pub mod encode;
pub mod explain;
#[cfg(feature = "engine")]
pub mod files;
pub mod ir;
#[cfg(feature = "engine")]
pub mod llm;
#[cfg(feature = "engine")]
pub mod lsp;
pub mod model;
#[cfg(feature = "engine")]
pub mod render;
#[cfg(feature = "engine")]
pub mod sim;
pub mod syntax;
#[cfg(feature = "engine")]
pub mod watch;

/// Parse and check a scene's text. Returns the IR when there are no errors, and every
/// diagnostic (errors and warnings) either way.
pub fn compile(src: &str) -> (Option<ir::Scene>, Vec<diag::Diag>) {
    compile_in(src, None)
}

/// `compile` for a scene in folder `dir`, whose `use NAME` may load `dir/NAME.scene`.
pub fn compile_in(src: &str, dir: Option<&std::path::Path>) -> (Option<ir::Scene>, Vec<diag::Diag>) {
    let (ast, mut diags) = syntax::parse(src);
    let (ir, check_diags) = check::check_in(&ast, dir);
    diags.extend(check_diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    let has_errors = diags.iter().any(|d| d.severity == diag::Severity::Error);
    (if has_errors { None } else { ir }, diags)
}
#[cfg(feature = "engine")]
pub mod cli;

/// Decode a scene file's bytes. Invalid UTF-8 is replaced (U+FFFD) and reported as `E0006`
/// at the first bad byte, so the rest of the file is still checked.
pub fn decode_source(bytes: Vec<u8>) -> (String, Option<diag::Diag>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = diag::Diag::error("E0006", syntax::Span::new(at, at + 1), format!("the file is not valid UTF-8 (bad byte at offset {at})"))
                .label("not UTF-8")
                .help("save the file as UTF-8");
            (text, Some(d))
        }
    }
}

/// The folder a scene file's `use NAME` looks in: its parent (`.` for a bare name), or none
/// for standard input (`-`).
pub fn scene_dir(path: &std::path::Path) -> Option<std::path::PathBuf> {
    if path == std::path::Path::new("-") {
        return None;
    }
    Some(match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    })
}

/// `compile_in` over raw bytes: decoding problems become diagnostics too.
pub fn compile_bytes(bytes: Vec<u8>, dir: Option<&std::path::Path>) -> (String, Option<ir::Scene>, Vec<diag::Diag>) {
    let (src, bad) = decode_source(bytes);
    let (ir, mut diags) = compile_in(&src, dir);
    if let Some(d) = bad {
        diags.insert(0, d);
        return (src, None, diags);
    }
    (src, ir, diags)
}
