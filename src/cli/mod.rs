//! Commands that wire the stages together (used by the binary and by tests).

use crate::encode::{self, Mp4Writer};
use crate::ir;
use crate::render::Renderer;
use crate::sim;
use std::path::Path;
use std::time::Instant;

/// Render one frame at screen time `at_secs` to a PNG.
pub fn render_still(ir: &ir::Scene, at_secs: f64, out: &Path) -> Result<(), String> {
    let bake = sim::simulate(ir);
    let idx = ((at_secs * bake.fps as f64).round().max(0.0) as usize).min(bake.frames.len().saturating_sub(1));
    let [w, h] = bake.resolution;
    let mut r = Renderer::new(w, h).map_err(|e| e.to_string())?;
    let px = r.render(&bake, &bake.frames[idx]).map_err(|e| e.to_string())?;
    encode::write_png(out, w, h, &px).map_err(|e| e.to_string())
}

pub struct RenderStats {
    pub frames: usize,
    pub secs: f64,
    pub adapter: String,
}

/// Simulate, render and encode a scene to an MP4, streaming frames to the encoder.
pub fn render_video(ir: &ir::Scene, out: &Path, crf: u32, progress: bool) -> Result<RenderStats, String> {
    let t0 = Instant::now();
    let bake = sim::simulate(ir);
    for n in &bake.notes {
        eprintln!("note: {n}");
    }
    let [w, h] = bake.resolution;
    let mut r = Renderer::new(w, h).map_err(|e| e.to_string())?;
    let mut enc = Mp4Writer::create(out, w, h, bake.fps, crf).map_err(|e| e.to_string())?;
    let bar = if progress {
        let b = indicatif::ProgressBar::new(bake.frames.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} rendering [{bar:40}] {pos}/{len} frames {per_sec} eta {eta}")
                .unwrap()
                .progress_chars("=> "),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut px = vec![0u8; (w * h * 4) as usize];
    for f in &bake.frames {
        r.render_into(&bake, f, &mut px).map_err(|e| e.to_string())?;
        enc.push_rgba(&px).map_err(|e| e.to_string())?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    enc.finish().map_err(|e| e.to_string())?;
    let secs = t0.elapsed().as_secs_f64();
    if progress {
        eprintln!(
            "wrote {} ({} frames, {:.2}s at {}x{} {} fps) in {:.1}s, {:.1} frames/s on {}",
            out.display(),
            bake.frames.len(),
            bake.duration_secs(),
            w,
            h,
            bake.fps,
            secs,
            bake.frames.len() as f64 / secs,
            r.adapter_info
        );
    }
    Ok(RenderStats { frames: bake.frames.len(), secs, adapter: r.adapter_info.clone() })
}
