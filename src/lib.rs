//! reel: a compiler from `.scene` text to simulated, rendered video.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! `syntax` (text → Ast) → `check` (Ast → Ir) → `sim` (Ir → Bake) → `render` (Bake frame →
//! pixels) → `encode` (pixels → file). `diag` is the one diagnostic type of the front end.

pub mod check;
pub mod diag;
pub mod encode;
pub mod explain;
pub mod ir;
pub mod render;
pub mod sim;
pub mod syntax;

/// Parse and check a scene's text. Returns the IR when there are no errors, and every
/// diagnostic (errors and warnings) either way.
pub fn compile(src: &str) -> (Option<ir::Scene>, Vec<diag::Diag>) {
    let (ast, mut diags) = syntax::parse(src);
    let (ir, check_diags) = check::check(&ast);
    diags.extend(check_diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    let has_errors = diags.iter().any(|d| d.severity == diag::Severity::Error);
    (if has_errors { None } else { ir }, diags)
}
pub mod cli;
