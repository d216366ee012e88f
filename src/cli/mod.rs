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
    render_bake_with(bake, range, out, crf, aa, progress, None)
}

/// Frames below which more renderers cost more to start than they save.
const FRAMES_FOR_MORE_RENDERERS: usize = 48;

/// Renderers on a CPU adapter. One leaves about a tenth of the cores idle (its passes wait
/// on each other, the encoder on it: 1.81 of 2 cores busy on the 720p demo); taking frames
/// in turn, more fill that time. The demo (271 frames, 2 cores), two runs each, with two,
/// three and four: at 1280x720 8.01/7.89, 8.14/8.03 and 8.13/8.67 s (peak memory 370, 440,
/// 495 MB); at 640x360 2.66/2.70 s with two against 3.02/2.89 with three; at 1920x1080
/// 16.96/16.65 against 16.64/16.39 (540 against 640 MB). Two it is: as fast, less memory.
/// (Before the shaders got cheaper, three were 7% faster than two at 720p.)
const CPU_RENDERERS: usize = 2;

/// `render_bake` with the number of renderers chosen (`None`: `CPU_RENDERERS` on a CPU
/// adapter for `FRAMES_FOR_MORE_RENDERERS` frames or more, else one; a GPU is not helped by
/// more). Frames are pure functions of the bake, so the video is the same whichever renders
/// what.
pub fn render_bake_with(
    bake: &sim::Bake,
    range: std::ops::Range<usize>,
    out: &Path,
    crf: u32,
    aa: Antialias,
    progress: bool,
    renderers: Option<usize>,
) -> Result<RenderStats, String> {
    if range.start >= range.end || range.end > bake.frames.len() {
        return Err(format!("frames {}..{} are outside this bake's 0..{}", range.start, range.end, bake.frames.len()));
    }
    render_frames_with(bake, &bake.frames[range.clone()], range.start, out, crf, aa, progress, renderers, None)
}

/// Render `frames`, frame `first` onward of `bake`'s video (whose own `frames` may hold only
/// these, as a chunk read from a bake file does), into `out`. Setting `cancel` stops the
/// render within a frame or two, with an error and nothing written (watch, on a new save).
#[allow(clippy::too_many_arguments)]
pub fn render_frames_with(
    bake: &sim::Bake,
    frames: &[sim::Frame],
    first: usize,
    out: &Path,
    crf: u32,
    aa: Antialias,
    progress: bool,
    renderers: Option<usize>,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<RenderStats, String> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::sync_channel;
    let t0 = Instant::now();
    encode::OutputKind::for_path(out).map_err(|e| e.to_string())?;
    let [w, h] = bake.resolution;
    let layout = encode::layout_for(out, w, h);
    // A long render on a CPU adapter takes a second renderer: made while the first is (a
    // device and its pipelines, a tenth of a second on lavapipe), not after. Dropped unused
    // when the first turns out to be a GPU.
    let mut spare =
        renderers.map_or(frames.len() >= FRAMES_FOR_MORE_RENDERERS, |n| n > 1).then(|| std::thread::spawn(move || Renderer::with_options(w, h, aa, layout)));
    let renderer = Renderer::with_options(w, h, aa, layout).map_err(|e| e.to_string())?;
    let adapter = renderer.adapter_info.clone();
    let workers = renderers.unwrap_or(if renderer.on_cpu() && frames.len() >= FRAMES_FOR_MORE_RENDERERS { CPU_RENDERERS } else { 1 }).clamp(1, 4);
    let bar = if progress {
        let b = indicatif::ProgressBar::new(frames.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} rendering [{bar:40}] {pos}/{len} frames {per_sec} eta {eta}").unwrap().progress_chars("=> "),
        );
        b
    } else {
        indicatif::ProgressBar::hidden()
    };
    // Each renderer has a few frame buffers of its own; the encoder takes frames in order
    // (holding early arrivals), then hands each buffer back to its renderer. Memory stays
    // at a few frames per renderer whatever the length.
    const BUFFERS: usize = 3;
    let (to_enc, from_workers) = sync_channel::<(usize, Vec<u8>)>(BUFFERS * workers);
    let (mut returns, mut pools) = (Vec::new(), Vec::new());
    for _ in 0..workers {
        let (tx, rx) = sync_channel::<Vec<u8>>(BUFFERS);
        for _ in 0..BUFFERS {
            tx.send(vec![0u8; layout.frame_bytes(w, h)]).expect("fresh channel");
        }
        returns.push(tx);
        pools.push(rx);
    }
    let stop = AtomicBool::new(false);
    let (out_path, fps, total) = (out.to_path_buf(), bake.fps, frames.len());
    let (encoded, rendered) = std::thread::scope(|s| {
        // ffmpeg's contexts are not Send: the writer is made on the thread that uses it.
        let encoder = s.spawn(move || -> Result<(), String> {
            let mut enc = encode::open_sink(&out_path, w, h, fps, crf, first).map_err(|e| e.to_string())?;
            let mut early = std::collections::BTreeMap::new();
            let mut next = 0;
            for (i, px) in from_workers {
                early.insert(i, px);
                while let Some(px) = early.remove(&next) {
                    match layout {
                        render::Layout::Nv12 => enc.push_nv12(&px),
                        render::Layout::Rgba => enc.push_rgba(&px),
                    }
                    .map_err(|e| e.to_string())?;
                    let _ = returns[next % workers].send(px);
                    next += 1;
                }
            }
            // A renderer stopped early: the output is not finished (the writer, dropped,
            // removes its temporary file).
            if next < total {
                return Err(format!("rendering stopped after {next} of {total} frames"));
            }
            enc.finish().map_err(|e| e.to_string())
        });
        let mut first_renderer = Some(renderer);
        let handles: Vec<_> = pools
            .into_iter()
            .enumerate()
            .map(|(k, pool)| {
                let (r, made, to_enc, stop, bar) = (first_renderer.take(), if k > 0 { spare.take() } else { None }, to_enc.clone(), &stop, &bar);
                s.spawn(move || -> Result<(), String> {
                    let result = (|| {
                        let r = match (r, made) {
                            (Some(r), _) => r,
                            (None, Some(made)) => made.join().map_err(|_| "a renderer panicked while starting".to_string())?.map_err(|e| e.to_string())?,
                            (None, None) => Renderer::with_options(w, h, aa, layout).map_err(|e| e.to_string())?,
                        };
                        render_share(bake, frames, k, workers, r, &pool, &to_enc, [Some(stop), cancel], bar)
                    })();
                    if result.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                    result
                })
            })
            .collect();
        drop(to_enc);
        let rendered: Result<(), String> =
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a render thread panicked".into()))).collect::<Vec<_>>().into_iter().collect();
        let encoded = encoder.join().unwrap_or_else(|_| Err("the encoder thread panicked".into()));
        (encoded, rendered)
    });

    if let Some(unused) = spare {
        let _ = unused.join();
    }
    bar.finish_and_clear();
    rendered?;
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
            adapter,
        );
    }
    Ok(RenderStats { frames: frames.len(), secs, adapter })
}

/// Frames k, k + step, … of `frames`, rendered with up to `FRAMES_IN_FLIGHT` submitted
/// (frame n+1 renders while frame n is read back) and sent to the encoder with their
/// index.
#[allow(clippy::too_many_arguments)]
fn render_share(
    bake: &sim::Bake,
    frames: &[sim::Frame],
    k: usize,
    step: usize,
    mut r: Renderer,
    pool: &std::sync::mpsc::Receiver<Vec<u8>>,
    to_enc: &std::sync::mpsc::SyncSender<(usize, Vec<u8>)>,
    stops: [Option<&std::sync::atomic::AtomicBool>; 2],
    bar: &indicatif::ProgressBar,
) -> Result<(), String> {
    let stopped = || stops.iter().flatten().any(|s| s.load(std::sync::atomic::Ordering::Relaxed));
    let mut mine = (k..frames.len()).step_by(step);
    let mut submitted = std::collections::VecDeque::new();
    while !stopped() {
        while r.in_flight() < render::FRAMES_IN_FLIGHT {
            let Some(i) = mine.next() else { break };
            r.submit(bake, &frames[i]).map_err(|e| e.to_string())?;
            submitted.push_back(i);
        }
        let Some(i) = submitted.pop_front() else { return Ok(()) };
        // A free buffer. Waiting for one must not outlast a stop: once another renderer has
        // stopped, the encoder may hold all of this one's buffers, waiting for a frame that
        // will not come. The encoder has stopped (and says why) when the channel closes.
        let mut px = loop {
            match pool.recv_timeout(std::time::Duration::from_millis(20)) {
                Ok(px) => break px,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) if !stopped() => continue,
                Err(_) => return Ok(()),
            }
        };
        r.collect(&mut px).map_err(|e| e.to_string())?;
        if to_enc.send((i, px)).is_err() {
            return Ok(());
        }
        bar.inc(1);
    }
    Ok(())
}

/// Key frames of a scene on one sheet: the first frame, every event the simulation found,
/// and the last frame, each captioned with its screen time and what happens.
pub fn render_storyboard(ir: &ir::Scene, out: &Path, panel_width: u32, columns: u32) -> Result<usize, String> {
    render_storyboard_from_bake(&sim::simulate(ir), out, panel_width, columns)
}

/// The storyboard's panels: (frame index, caption) for the first frame, every event that
/// happens within the video (the simulation may find some, like `rests`, after its end) and
/// the last frame, with panels filled in about once a second between them.
pub fn storyboard_panels(bake: &sim::Bake) -> Vec<(usize, String)> {
    let last = bake.frames.len().saturating_sub(1);
    let end_secs = bake.frames.last().map_or(0.0, |f| f.screen_time_secs);
    // The first frame at or after the moment, so a cut on an event shows its new camera.
    let at = |secs: f64| ((secs * bake.fps as f64 - 1e-6).ceil().max(0.0) as usize).min(last);
    let mut picks: Vec<(usize, String)> = vec![(0, "start".into())];
    for e in bake.events.iter().filter(|e| e.screen_time_secs <= end_secs + 0.5 / bake.fps.max(1) as f64) {
        picks.push((at(e.screen_time_secs), e.name.clone()));
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
    cap_panels(filled, MAX_PANELS)
}

/// The most panels a storyboard shows.
pub const MAX_PANELS: usize = 24;
/// The largest side of a storyboard sheet, in pixels.
pub const MAX_SHEET_SIDE: u32 = 4096;

/// At most `max` panels: the first and the last, then the events of whole things and groups,
/// then those of a group's members (each evenly spread when there are too many), then the
/// fillers between events (evenly spread).
fn cap_panels(panels: Vec<(usize, String)>, max: usize) -> Vec<(usize, String)> {
    if panels.len() <= max {
        return panels;
    }
    let inner = &panels[1..panels.len() - 1];
    let spread = |items: Vec<usize>, n: usize| -> Vec<usize> {
        if items.len() <= n {
            return items;
        }
        (0..n).map(|k| items[k * items.len() / n]).collect()
    };
    // Events of whole things and groups (`row.rests`) before those only of a group's members
    // (`row[3].contact`): with many members, the sheet keeps the moments that sum them up.
    let whole = |caption: &str| caption.split(", ").any(|e| !e.contains('['));
    let events: Vec<usize> = (0..inner.len()).filter(|&i| !inner[i].1.is_empty() && whole(&inner[i].1)).collect();
    let members: Vec<usize> = (0..inner.len()).filter(|&i| !inner[i].1.is_empty() && !whole(&inner[i].1)).collect();
    let fillers: Vec<usize> = (0..inner.len()).filter(|&i| inner[i].1.is_empty()).collect();
    let room = max - 2;
    let mut keep = spread(events, room);
    let left = room - keep.len();
    keep.extend(spread(members, left));
    let left = room - keep.len();
    keep.extend(spread(fillers, left));
    keep.sort_unstable();
    let mut out = vec![panels[0].clone()];
    out.extend(keep.into_iter().map(|i| inner[i].clone()));
    out.push(panels[panels.len() - 1].clone());
    out
}

/// A caption that fits `width` pixels in the small font: events left out from the end, then
/// `+N` saying how many.
fn fit_caption(text: &str, width: u32) -> String {
    use crate::encode::board::text_width;
    if text_width(text, 1) <= width {
        return text.to_string();
    }
    let parts: Vec<&str> = text.split(", ").collect();
    for keep in (1..parts.len()).rev() {
        let t = format!("{} +{}", parts[..keep].join(", "), parts.len() - keep);
        if text_width(&t, 1) <= width {
            return t;
        }
    }
    text.chars().take((width / 6).max(1) as usize).collect()
}

pub fn render_storyboard_from_bake(bake: &sim::Bake, out: &Path, panel_width: u32, columns: u32) -> Result<usize, String> {
    use crate::encode::board::{text_width, Sheet};
    let filled = storyboard_panels(bake);
    let [w, h] = bake.resolution;
    let columns = columns.clamp(1, 8).min(filled.len() as u32);
    let rows = (filled.len() as u32).div_ceil(columns);
    let (margin, caption) = (8u32, 24u32);
    // Panels small enough that neither side of the sheet passes MAX_SHEET_SIDE.
    let aspect = h as f64 / w.max(1) as f64;
    let widest = (MAX_SHEET_SIDE - margin) / columns - margin;
    let tallest = (MAX_SHEET_SIDE - margin) / rows - caption - margin;
    let fit = (widest as f64).min(tallest as f64 / aspect) as u32;
    let pw = panel_width.clamp(64, 1920).min(fit.max(32)) & !1;
    let ph = ((pw as f64 * aspect).round() as u32).max(16) & !1;
    let mut r = Renderer::new(pw, ph).map_err(|e| e.to_string())?;
    let sheet_w = columns * (pw + margin) + margin;
    let sheet_h = rows * (ph + caption + margin) + margin;
    let mut sheet = Sheet::new(sheet_w, sheet_h, [24, 24, 28]);
    for (k, (fi, label)) in filled.iter().enumerate() {
        let px = r.render(bake, &bake.frames[*fi]).map_err(|e| e.to_string())?;
        let (cx, cy) = (margin + (k as u32 % columns) * (pw + margin), margin + (k as u32 / columns) * (ph + caption + margin));
        sheet.blit(cx, cy, pw, ph, &px);
        let f = &bake.frames[*fi];
        let mut text = format!("{:.2}s", f.screen_time_secs);
        if f.story_time_secs + 0.5 / (bake.fps as f64) < f.screen_time_secs {
            text += &format!(" (story {:.2}s)", f.story_time_secs);
        }
        if !label.is_empty() {
            text += &format!(" {label}");
        }
        let scale = if text_width(&text, 2) <= pw { 2 } else { 1 };
        sheet.text(cx, cy + ph + 6, scale, [230, 230, 230], &fit_caption(&text, pw));
    }
    encode::write_png(out, sheet.width, sheet.height, &sheet.rgba).map_err(|e| e.to_string())?;
    Ok(filled.len())
}
