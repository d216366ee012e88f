//! Commands that wire the stages together (used by the binary and by tests).

use crate::encode;
use crate::ir;
pub use crate::render::Antialias;
use crate::render::{self, Renderer};
use crate::sim;
use std::path::Path;
use std::time::Instant;

/// Render one frame at screen time `at_secs` to a PNG.
pub fn render_still(ir: &ir::Scene, at_secs: f64, out: &Path, aa: Antialias) -> Result<(), String> {
    let bake = sim::simulate(ir);
    let idx = ((at_secs * bake.fps as f64).round().max(0.0) as usize).min(bake.frames.len().saturating_sub(1));
    let [w, h] = bake.resolution;
    let mut r = Renderer::with_antialias(w, h, aa).map_err(|e| e.to_string())?;
    let px = r.render(&bake, &bake.frames[idx]).map_err(|e| e.to_string())?;
    encode::write_png(out, w, h, &px).map_err(|e| e.to_string())
}

pub struct RenderStats {
    pub frames: usize,
    pub secs: f64,
    pub adapter: String,
}

/// Simulate, render and encode a scene (MP4, GIF or PNG frames by the output's name).
pub fn render_video(ir: &ir::Scene, out: &Path, crf: u32, aa: Antialias, progress: bool) -> Result<RenderStats, String> {
    let bake = sim::simulate(ir);
    for n in &bake.notes {
        eprintln!("note: {n}");
    }
    let all = 0..bake.frames.len();
    render_bake(&bake, all, out, crf, aa, progress)
}

/// Keep freed memory in the process instead of handing it back to the kernel. Encoding frees
/// and allocates frame-sized blocks every frame; glibc returns them (munmap, heap trim) and
/// the next frame faults them back in zeroed: measured on the 720p demo, 150,000 to 390,000
/// page faults and 0.5 to 0.9 s of kernel time, against 45,000 and 0.25 s with this. Call
/// before any thread starts (`main` and the benches do).
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes glibc's thresholds; called before other threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

/// Render frames `range` of a bake (any chunk of it) and encode them, streaming.
pub fn render_bake(bake: &sim::Bake, range: std::ops::Range<usize>, out: &Path, crf: u32, aa: Antialias, progress: bool) -> Result<RenderStats, String> {
    let t0 = Instant::now();
    if range.start >= range.end || range.end > bake.frames.len() {
        return Err(format!("frames {}..{} are outside this bake's 0..{}", range.start, range.end, bake.frames.len()));
    }
    encode::OutputKind::for_path(out).map_err(|e| e.to_string())?;
    let frames = &bake.frames[range.clone()];
    let [w, h] = bake.resolution;
    let layout = encode::layout_for(out, w, h);
    let mut r = Renderer::with_options(w, h, aa, layout).map_err(|e| e.to_string())?;
    let bar = if progress {
        let b = indicatif::ProgressBar::new(frames.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} rendering [{bar:40}] {pos}/{len} frames {per_sec} eta {eta}").unwrap().progress_chars("=> "),
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
        to_render.send(vec![0u8; r.frame_bytes()]).expect("fresh channel");
    }
    let (out_path, fps) = (out.to_path_buf(), bake.fps);
    // ffmpeg's contexts are not Send: the writer is made on the thread that uses it.
    let encoder = std::thread::spawn(move || -> Result<(), String> {
        let mut enc = encode::open_sink(&out_path, w, h, fps, crf, range.start).map_err(|e| e.to_string())?;
        for px in from_render {
            match layout {
                render::Layout::Nv12 => enc.push_nv12(&px),
                render::Layout::Rgba => enc.push_rgba(&px),
            }
            .map_err(|e| e.to_string())?;
            let _ = to_render.send(px);
        }
        enc.finish().map_err(|e| e.to_string())
    });
    // Frame n+1 is submitted before frame n is read back, so the device renders one while
    // the other is copied out and encoded.
    let mut render_result = Ok(());
    let mut next = frames.iter();
    loop {
        let submitted = match next.next() {
            Some(f) => match r.submit(bake, f) {
                Ok(()) => true,
                Err(e) => {
                    render_result = Err(e.to_string());
                    break;
                }
            },
            None => false,
        };
        if r.in_flight() == 0 || (submitted && r.in_flight() < render::FRAMES_IN_FLIGHT) {
            if r.in_flight() == 0 {
                break;
            }
            continue;
        }
        let Ok(mut px) = recycled.recv() else { break };
        if let Err(e) = r.collect(&mut px) {
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
            frames.len(),
            frames.len() as f64 / bake.fps.max(1) as f64,
            w,
            h,
            bake.fps,
            secs,
            frames.len() as f64 / secs,
            r.adapter_info
        );
    }
    Ok(RenderStats { frames: frames.len(), secs, adapter: r.adapter_info.clone() })
}

/// Key frames of a scene on one sheet: the first frame, every event the simulation found,
/// and the last frame, each captioned with its screen time and what happens.
pub fn render_storyboard(ir: &ir::Scene, out: &Path, panel_width: u32, columns: u32) -> Result<usize, String> {
    render_storyboard_from_bake(&sim::simulate(ir), out, panel_width, columns)
}

pub fn render_storyboard_from_bake(bake: &sim::Bake, out: &Path, panel_width: u32, columns: u32) -> Result<usize, String> {
    use crate::encode::board::{text_width, Sheet};
    let last = bake.frames.len().saturating_sub(1);
    // The first frame at or after the moment, so a cut on an event shows its new camera.
    let at = |secs: f64| ((secs * bake.fps as f64 - 1e-6).ceil().max(0.0) as usize).min(last);
    let mut picks: Vec<(usize, String)> = vec![(0, "start".into())];
    for e in &bake.events {
        picks.push((at(e.screen_time), e.name.clone()));
    }
    picks.push((last, "end".into()));
    // Fill long gaps so the sheet shows the motion between events too.
    let gap = (bake.fps as usize).max(1);
    let mut filled: Vec<(usize, String)> = Vec::new();
    picks.sort_by_key(|p| p.0);
    for (i, p) in picks.iter().enumerate() {
        if let Some(prev) = filled.last().map(|f: &(usize, String)| f.0) {
            let mut f = prev + gap;
            while f + gap / 2 < p.0 {
                filled.push((f, String::new()));
                f += gap;
            }
        }
        // Merge events that land on the same frame into one caption.
        match filled.last_mut() {
            Some(last) if last.0 == p.0 => {
                if !p.1.is_empty() && i > 0 {
                    last.1 = if last.1.is_empty() { p.1.clone() } else { format!("{}, {}", last.1, p.1) };
                }
            }
            _ => filled.push(p.clone()),
        }
    }
    let [w, h] = bake.resolution;
    let pw = panel_width.clamp(64, 1920) & !1;
    let ph = ((pw as f64 * h as f64 / w as f64).round() as u32).max(16) & !1;
    let mut r = Renderer::new(pw, ph).map_err(|e| e.to_string())?;
    let columns = columns.clamp(1, 8).min(filled.len() as u32);
    let rows = (filled.len() as u32).div_ceil(columns);
    let (margin, caption) = (8u32, 24u32);
    let sheet_w = columns * (pw + margin) + margin;
    let sheet_h = rows * (ph + caption + margin) + margin;
    let mut sheet = Sheet::new(sheet_w, sheet_h, [24, 24, 28]);
    for (k, (fi, label)) in filled.iter().enumerate() {
        let px = r.render(bake, &bake.frames[*fi]).map_err(|e| e.to_string())?;
        let (cx, cy) = (margin + (k as u32 % columns) * (pw + margin), margin + (k as u32 / columns) * (ph + caption + margin));
        sheet.blit(cx, cy, pw, ph, &px);
        let f = &bake.frames[*fi];
        let mut text = format!("{:.2}s", f.screen_time);
        if f.story_time + 0.5 / (bake.fps as f64) < f.screen_time {
            text += &format!(" (story {:.2}s)", f.story_time);
        }
        if !label.is_empty() {
            text += &format!(" {label}");
        }
        let scale = if text_width(&text, 2) <= pw { 2 } else { 1 };
        sheet.text(cx, cy + ph + 6, scale, [230, 230, 230], &text);
    }
    encode::write_png(out, sheet.width, sheet.height, &sheet.rgba).map_err(|e| e.to_string())?;
    Ok(filled.len())
}
