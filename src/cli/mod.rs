//! Commands that wire the stages together (used by the binary and by tests).

use crate::ir;
use std::path::Path;

pub fn render_video(_ir: &ir::Scene, _out: &Path, _crf: u32, _progress: bool) -> Result<(), String> {
    Err("not yet".into())
}
pub fn render_still(_ir: &ir::Scene, _at: f64, _out: &Path) -> Result<(), String> {
    Err("not yet".into())
}
