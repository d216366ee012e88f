//! The commands' shared parts: reading and compiling scene files, printing diagnostics,
//! the size, frame-rate and frame-range options, and the option types several commands use.

use clap::ValueEnum;
pub(crate) use reel::diag::{self, Severity};
pub(crate) use std::path::{Path, PathBuf};
pub(crate) use std::process::ExitCode;

pub mod bake;
pub mod check;
pub mod concat;
pub mod explain;
pub mod fmt;
pub mod grammar;
pub mod ir;
pub mod prompt;
pub mod render;
pub mod stdlib;
pub mod still;
pub mod storyboard;
pub mod watch;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckFormat {
    Human,
    Json,
    /// GitHub Actions workflow commands (annotations on the changed lines).
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PromptMode {
    Scene,
    Plan,
    Cast,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum GrammarFormat {
    Gbnf,
    /// The JSON schema of plan mode's first document (the cast).
    JsonSchema,
}

/// At most this many diagnostics are printed per file; the rest are counted.
pub(crate) const MAX_PRINTED: usize = 50;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum BakeFormat {
    /// Binary and frame-indexed (`.reelbake`): a chunk reads only its own frames.
    Binary,
    /// One line of JSON, for tools.
    Json,
    /// The same JSON indented, for reading and diffing.
    Pretty,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum AaArg {
    Fxaa,
    Msaa,
    Off,
}

impl From<AaArg> for reel::cli::Antialias {
    fn from(a: AaArg) -> Self {
        match a {
            AaArg::Fxaa => reel::cli::Antialias::Fxaa,
            AaArg::Msaa => reel::cli::Antialias::Msaa4,
            AaArg::Off => reel::cli::Antialias::Off,
        }
    }
}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = if path == Path::new("-") {
        use std::io::Read;
        let mut b = Vec::new();
        std::io::stdin().take(reel::syntax::MAX_SOURCE_BYTES as u64 + 1).read_to_end(&mut b).map_err(|e| format!("cannot read stdin: {e}"))?;
        b
    } else {
        let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if meta.len() > reel::syntax::MAX_SOURCE_BYTES as u64 {
            return Err(format!("{} is {} bytes; scene files are limited to {} bytes", path.display(), meta.len(), reel::syntax::MAX_SOURCE_BYTES));
        }
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?
    };
    Ok(bytes)
}

/// Compile a file, printing diagnostics; `None` when it has errors.
pub(crate) fn compile_file(path: &Path) -> Result<Option<reel::ir::Scene>, String> {
    let c = reel::compile_bytes(&path.display().to_string(), read_bytes(path)?, reel::scene_dir(path).as_deref());
    print_human(&c.diags, &c.sources);
    Ok(c.ir)
}

pub(crate) fn print_human(diags: &[diag::Diag], sources: &diag::Sources) {
    if diags.is_empty() {
        return;
    }
    let shown = &diags[..diags.len().min(MAX_PRINTED)];
    let name = &sources.main().name;
    eprint!("{}", diag::render_human(shown, sources, color()));
    if diags.len() > MAX_PRINTED {
        eprintln!("… and {} more diagnostics in {name}", diags.len() - MAX_PRINTED);
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    eprintln!("{name}: {errors} error{}, {warnings} warning{}", if errors == 1 { "" } else { "s" }, if warnings == 1 { "" } else { "s" });
}

pub(crate) fn color() -> bool {
    use std::io::IsTerminal;
    diag::color_wanted(std::env::var_os("NO_COLOR").as_deref(), std::io::stderr().is_terminal())
}

/// Stills and storyboards are PNG: an output named otherwise is refused rather than written
/// as PNG bytes under another format's name.
pub(crate) fn require_png(out: &Path) -> Result<(), String> {
    match out.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") => Ok(()),
        _ => Err(format!("{}: this writes PNG images; name the output FILE.png", out.display())),
    }
}

pub(crate) fn parse_size(s: &str) -> Result<[u32; 2], String> {
    let (w, h) = s.split_once('x').ok_or_else(|| format!("--size wants WIDTHxHEIGHT, got `{s}`"))?;
    let w: u32 = w.parse().map_err(|_| format!("bad width in `{s}`"))?;
    let h: u32 = h.parse().map_err(|_| format!("bad height in `{s}`"))?;
    reel::check::output_limits([w, h], 30).map_err(|e| format!("--size {s}: {e}"))?;
    Ok([w, h])
}

/// `--size WxH` and `--fps N` override the scene's settings.
pub(crate) fn apply_overrides(ir: &mut reel::ir::Scene, size: Option<&str>, fps: Option<u32>) -> Result<(), String> {
    if let Some(s) = size {
        ir.resolution = parse_size(s)?;
    }
    if let Some(f) = fps {
        reel::check::output_limits(ir.resolution, f).map_err(|e| format!("--fps {f}: {e}"))?;
        ir.fps = f;
    }
    Ok(())
}

/// `--chunk K/N`: the K-th (from 0) of N near-equal chunks of `total` frames, cut where a
/// group of pictures starts (`gop` frames each), so the joined chunks are the whole video.
pub(crate) fn parse_chunk(s: &str, total: usize, gop: usize) -> Result<std::ops::Range<usize>, String> {
    let (k, n) = s.split_once('/').ok_or_else(|| format!("--chunk wants K/N (e.g. 3/8), got `{s}`"))?;
    let k: usize = k.trim().parse().map_err(|_| format!("bad chunk index in --chunk `{s}`"))?;
    let n: usize = n.trim().parse().map_err(|_| format!("bad chunk count in --chunk `{s}`"))?;
    if n == 0 || k >= n {
        return Err(format!("--chunk {k}/{n}: the index must be 0 to {}", n.saturating_sub(1)));
    }
    reel::encode::chunk_range(k, n, total, gop).ok_or_else(|| {
        format!(
            "--chunk {k}/{n}: this video has {total} frames, {} keyframe groups of {gop}; chunks start on a group, so at most {} chunks",
            total.div_ceil(gop),
            total.div_ceil(gop)
        )
    })
}

/// The frames a render covers: `--chunk K/N`, `--frames A..B`, or all. An MP4 chunk given
/// by `--frames` must start on a keyframe group, as `--chunk`'s do.
pub(crate) fn frames_of(frames: Option<&str>, chunk: Option<&str>, total: usize, fps: u32, out: &Path) -> Result<std::ops::Range<usize>, String> {
    let gop = reel::encode::gop_frames(fps);
    let range = match chunk {
        Some(c) => parse_chunk(c, total, gop)?,
        None => parse_frames(frames, total)?,
    };
    if range.start % gop != 0 && matches!(reel::encode::OutputKind::for_path(out), Ok(reel::encode::OutputKind::Mp4)) {
        return Err(format!(
            "--frames {}..{}: an MP4 chunk starts on a keyframe, every {gop} frames here (try {}..{}), so that chunks join into the whole video",
            range.start,
            range.end,
            range.start / gop * gop,
            range.end
        ));
    }
    Ok(range)
}

/// `A..B` (B excluded), `A..` or nothing (all frames).
pub(crate) fn parse_frames(s: Option<&str>, total: usize) -> Result<std::ops::Range<usize>, String> {
    let Some(s) = s else { return Ok(0..total) };
    let (a, b) = s.split_once("..").ok_or_else(|| format!("--frames wants A..B, got `{s}`"))?;
    let a: usize = a.trim().parse().map_err(|_| format!("bad start in --frames `{s}`"))?;
    let b: usize = if b.trim().is_empty() { total } else { b.trim().parse().map_err(|_| format!("bad end in --frames `{s}`"))? };
    if a >= b || b > total {
        return Err(format!("--frames {a}..{b} is not inside this video's 0..{total}"));
    }
    Ok(a..b)
}
