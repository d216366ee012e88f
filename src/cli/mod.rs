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
    // The encoder runs on its own thread, fed through a bounded channel; frame buffers go
    // back to the renderer for reuse, so memory stays at a few frames whatever the length.
    const IN_FLIGHT: usize = 3;
    let (to_enc, from_render) = std::sync::mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
    let (to_render, recycled) = std::sync::mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
    for _ in 0..IN_FLIGHT {
        to_render.send(vec![0u8; (w * h * 4) as usize]).expect("fresh channel");
    }
    let (out_path, fps) = (out.to_path_buf(), bake.fps);
    // ffmpeg's contexts are not Send: the writer is made on the thread that uses it.
    let encoder = std::thread::spawn(move || -> Result<(), String> {
        let mut enc = Mp4Writer::create(&out_path, w, h, fps, crf).map_err(|e| e.to_string())?;
        for px in from_render {
            enc.push_rgba(&px).map_err(|e| e.to_string())?;
            let _ = to_render.send(px);
        }
        enc.finish().map_err(|e| e.to_string())
    });
    let mut render_result = Ok(());
    for f in &bake.frames {
        let Ok(mut px) = recycled.recv() else { break };
        if let Err(e) = r.render_into(&bake, f, &mut px) {
            render_result = Err(e.to_string());
            break;
        }
        if to_enc.send(px).is_err() {
            break;
        }
        bar.inc(1);
    }
    drop(to_enc);
    let encoded = encoder.join().map_err(|_| "the encoder thread panicked".to_string())?;
    bar.finish_and_clear();
    render_result?;
    encoded?;
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
