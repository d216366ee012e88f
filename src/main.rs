//! The `reel` command line: each command wires stages together.

use clap::{Parser, Subcommand, ValueEnum};
use reel::diag::{self, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "reel", version, about = "Compile .scene text into simulated, rendered video")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    /// GitHub Actions workflow commands (annotations on the changed lines).
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum PromptMode {
    Scene,
    Plan,
}

#[derive(Clone, Copy, ValueEnum)]
enum GrammarFormat {
    Gbnf,
    /// The JSON schema of plan mode's first document (the cast).
    JsonSchema,
}

/// `print!` that returns an error (for `?`) instead of panicking when standard output cannot
/// be written, e.g. a full disk or `/dev/full`.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write;
        write!(std::io::stdout().lock(), $($arg)*).map_err(|e| format!("cannot write to standard output: {e}"))?
    }};
}

/// `println!` as `out!`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(|e| format!("cannot write to standard output: {e}"))?
    }};
}

/// At most this many diagnostics are printed per file; the rest are counted.
const MAX_PRINTED: usize = 50;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum BakeFormat {
    /// Binary and frame-indexed (`.reelbake`): a chunk reads only its own frames.
    Binary,
    /// One line of JSON, for tools.
    Json,
    /// The same JSON indented, for reading and diffing.
    Pretty,
}

#[derive(Subcommand)]
enum Command {
    /// Check scene files (`-` reads stdin): prints nothing and exits 0 when clean, diagnostics
    /// and exit 1 on errors, exit 2 on usage or I/O errors.
    Check {
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
    },
    /// Format scene files in place in the one canonical layout (`-`: stdin to stdout).
    Fmt {
        files: Vec<PathBuf>,
        /// Change nothing; list the files that are not formatted and exit 1.
        #[arg(long)]
        check: bool,
    },
    /// Recompile on save and serve a live preview on http://127.0.0.1:PORT/.
    Watch {
        file: PathBuf,
        /// 0 picks a free port (printed on start).
        #[arg(long, default_value_t = 8123)]
        port: u16,
        /// Size of the preview video.
        #[arg(long, default_value = "640x360")]
        size: String,
    },
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Explain a diagnostic code, e.g. `reel explain E0201`.
    Explain { code: String },
    /// Print the standard library's reference (archetypes, motions, camera moves) as
    /// Markdown, or one stdlib file's source with `--source FILE` (e.g. `props.scene`).
    Stdlib {
        #[arg(long)]
        source: Option<String>,
    },
    /// Print the checked scene's IR as JSON.
    Ir { file: PathBuf },
    /// Simulate and print the bake (per frame poses, cameras and events) as JSON.
    Bake {
        file: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Override the scene's resolution, e.g. 320x180.
        #[arg(long)]
        size: Option<String>,
        /// Override the scene's frame rate.
        #[arg(long)]
        fps: Option<u32>,
        /// The bake's format; without it, from the output's name (`.json`: JSON, else
        /// binary), and JSON on standard output. `render --bake` reads all three.
        #[arg(long, value_enum)]
        format: Option<BakeFormat>,
    },
    /// Render a scene (or a saved bake) to an H.264 MP4, a GIF (`.gif`), or PNG frames (a
    /// folder name ending in `/`).
    Render {
        /// The scene; leave it out with --bake.
        file: Option<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
        /// Render from a bake written by `reel bake -o FILE` instead of simulating.
        #[arg(long, conflicts_with = "file")]
        bake: Option<PathBuf>,
        /// Only frames A..B (end excluded) of the video: chunks for scale-out.
        #[arg(long, conflicts_with = "chunk")]
        frames: Option<String>,
        /// Only chunk K of N equal chunks (K from 0), e.g. `--chunk 3/8`: what an array
        /// job's index gives, without knowing the frame count.
        #[arg(long)]
        chunk: Option<String>,
        /// Override the scene's resolution, e.g. 320x180.
        #[arg(long)]
        size: Option<String>,
        /// Override the scene's frame rate.
        #[arg(long)]
        fps: Option<u32>,
        /// Quality, 0 best .. 51 worst (18 looks lossless, 28 is small): x264's constant
        /// quantiser. Not its rate factor, whose state runs from keyframe to keyframe, so that
        /// chunks rendered apart decode to the frames of the whole render.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=51))]
        crf: u32,
        /// Anti-aliasing: `fxaa` (a post pass, fast on a CPU) or `msaa` (4 samples per pixel,
        /// sharper on thin things, about 2x slower without a GPU).
        #[arg(long, value_enum, default_value = "fxaa")]
        aa: AaArg,
        /// Hide the progress bar.
        #[arg(long)]
        quiet: bool,
    },
    /// Join MP4 chunks rendered from one bake (`render --bake F --chunk K/N`) into one video,
    /// without re-encoding.
    Concat {
        chunks: Vec<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Render a sheet of key frames (start, every event found, end) to PNG.
    Storyboard {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
        /// Width of each panel in pixels.
        #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u32).range(64..=1920))]
        panel_width: u32,
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=8))]
        columns: u32,
    },
    /// Turn a natural-language prompt into a .scene file through an OpenAI-compatible chat
    /// endpoint; the result is checked, repaired and formatted. Exit 0 when it checks clean,
    /// 1 when it does not (nothing is written then), 2 when the model cannot be reached.
    Prompt {
        /// The prompt; `-` reads it from stdin.
        prompt: String,
        /// Where to write the scene (only when it checks clean); stdout without it.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// scene: the model writes the language (GBNF-constrained); plan: it fills a JSON plan
        /// that reel lowers into the language (what lets a small local model succeed).
        #[arg(long, value_enum, default_value = "plan")]
        mode: PromptMode,
        /// The API's base URL (also REEL_LLM_URL).
        #[arg(long, env = "REEL_LLM_URL", default_value = "http://127.0.0.1:8080/v1")]
        url: String,
        /// The model's name (also REEL_LLM_MODEL). The key, if any, is read from REEL_LLM_KEY.
        #[arg(long, env = "REEL_LLM_MODEL", default_value = "local")]
        model: String,
        /// Repair rounds after the first answer.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Seconds for one request.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// Attempts after the first when the server is unreachable or busy.
        #[arg(long, default_value_t = 3)]
        retries: usize,
        /// Most tokens in one answer.
        #[arg(long, default_value_t = 1500)]
        max_tokens: u32,
        /// Don't send the GBNF grammar in scene mode (for servers that refuse the field).
        #[arg(long)]
        no_grammar: bool,
        /// Scene mode: send the whole language reference and every example (~10k tokens)
        /// instead of the stdlib and three examples (which fit an 8k-token model).
        #[arg(long)]
        full_context: bool,
        /// Also render the scene to this video (e.g. out.mp4).
        #[arg(long)]
        render: Option<PathBuf>,
        /// The rendered video's size.
        #[arg(long, default_value = "640x360")]
        size: String,
        /// Print a one-line JSON report (ok, rounds, requests, seconds) on stderr at the end.
        #[arg(long)]
        report: bool,
    },
    /// Print the scene grammar for constrained decoding: GBNF (llama.cpp) from
    /// grammar/scene.pest, or the JSON schema of plan mode's cast.
    Grammar {
        #[arg(long, value_enum, default_value = "gbnf")]
        format: GrammarFormat,
    },
    /// Render one frame at a screen time to PNG.
    Still {
        file: PathBuf,
        /// Screen time in seconds.
        #[arg(long, default_value_t = 0.0)]
        at: f64,
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        size: Option<String>,
        /// Anti-aliasing: `fxaa` or `msaa` (see `render`).
        #[arg(long, value_enum, default_value = "fxaa")]
        aa: AaArg,
    },
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum AaArg {
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

fn main() -> ExitCode {
    // Writing to a closed pipe (`reel check … | head`) ends the process quietly, as a Unix
    // tool should, instead of a panic in `println!`.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    reel::cli::keep_freed_memory();
    // Before any thread starts: SIGINT, SIGTERM and SIGHUP remove live temp files first.
    reel::files::install_signal_cleanup();
    let cli = Cli::parse();
    let flushed = |code| {
        use std::io::Write;
        match std::io::stdout().flush() {
            Ok(()) => code,
            Err(e) => {
                eprintln!("error: cannot write to standard output: {e}");
                ExitCode::from(2)
            }
        }
    };
    match run(cli) {
        Ok(code) => flushed(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
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
fn compile_file(path: &Path) -> Result<Option<reel::ir::Scene>, String> {
    let (src, ir, diags) = reel::compile_bytes(read_bytes(path)?, reel::scene_dir(path).as_deref());
    print_human(&diags, &path.display().to_string(), &src);
    Ok(ir)
}

fn print_human(diags: &[diag::Diag], name: &str, src: &str) {
    if diags.is_empty() {
        return;
    }
    let shown = &diags[..diags.len().min(MAX_PRINTED)];
    eprint!("{}", diag::render_human(shown, name, src, color()));
    if diags.len() > MAX_PRINTED {
        eprintln!("… and {} more diagnostics in {name}", diags.len() - MAX_PRINTED);
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    eprintln!("{name}: {errors} error{}, {warnings} warning{}", if errors == 1 { "" } else { "s" }, if warnings == 1 { "" } else { "s" });
}

fn color() -> bool {
    use std::io::IsTerminal;
    diag::color_wanted(std::env::var_os("NO_COLOR").as_deref(), std::io::stderr().is_terminal())
}

/// Stills and storyboards are PNG: an output named otherwise is refused rather than written
/// as PNG bytes under another format's name.
fn require_png(out: &Path) -> Result<(), String> {
    match out.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") => Ok(()),
        _ => Err(format!("{}: this writes PNG images; name the output FILE.png", out.display())),
    }
}

fn parse_size(s: &str) -> Result<[u32; 2], String> {
    let (w, h) = s.split_once('x').ok_or_else(|| format!("--size wants WIDTHxHEIGHT, got `{s}`"))?;
    let w: u32 = w.parse().map_err(|_| format!("bad width in `{s}`"))?;
    let h: u32 = h.parse().map_err(|_| format!("bad height in `{s}`"))?;
    reel::check::output_limits([w, h], 30).map_err(|e| format!("--size {s}: {e}"))?;
    Ok([w, h])
}

/// `--size WxH` and `--fps N` override the scene's settings.
fn apply_overrides(ir: &mut reel::ir::Scene, size: Option<&str>, fps: Option<u32>) -> Result<(), String> {
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
fn parse_chunk(s: &str, total: usize, gop: usize) -> Result<std::ops::Range<usize>, String> {
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
fn frames_of(frames: Option<&str>, chunk: Option<&str>, total: usize, fps: u32, out: &Path) -> Result<std::ops::Range<usize>, String> {
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
fn parse_frames(s: Option<&str>, total: usize) -> Result<std::ops::Range<usize>, String> {
    let Some(s) = s else { return Ok(0..total) };
    let (a, b) = s.split_once("..").ok_or_else(|| format!("--frames wants A..B, got `{s}`"))?;
    let a: usize = a.trim().parse().map_err(|_| format!("bad start in --frames `{s}`"))?;
    let b: usize = if b.trim().is_empty() { total } else { b.trim().parse().map_err(|_| format!("bad end in --frames `{s}`"))? };
    if a >= b || b > total {
        return Err(format!("--frames {a}..{b} is not inside this video's 0..{total}"));
    }
    Ok(a..b)
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check { files, format } => {
            if files.is_empty() {
                return Err("give at least one file".into());
            }
            let mut errors = false;
            let mut json = Vec::new();
            for f in &files {
                let (src, _, diags) = reel::compile_bytes(read_bytes(f)?, reel::scene_dir(f).as_deref());
                errors |= diags.iter().any(|d| d.severity == Severity::Error);
                let name = f.display().to_string();
                match format {
                    CheckFormat::Human => print_human(&diags, &name, &src),
                    CheckFormat::Json => json.extend(diags.iter().map(|d| diag::to_json(d, &name, &src))),
                    CheckFormat::Github => {
                        for d in &diags {
                            outln!("{}", diag::to_github(d, &name, &src));
                        }
                    }
                }
            }
            if let CheckFormat::Json = format {
                outln!("{}", serde_json::to_string_pretty(&json).unwrap());
            }
            Ok(if errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Fmt { files, check } => {
            if files.is_empty() {
                return Err("give at least one file".into());
            }
            let mut code = ExitCode::SUCCESS;
            for f in &files {
                let name = f.display().to_string();
                let (src, bad) = reel::decode_source(read_bytes(f)?);
                if let Some(d) = bad {
                    // Never rewrite a file whose bytes had to be replaced.
                    print_human(&[d], &name, &src);
                    code = ExitCode::from(1);
                    continue;
                }
                let formatted = match reel::syntax::fmt::format(&src) {
                    Ok(t) => t,
                    Err(diags) => {
                        print_human(&diags, &name, &src);
                        eprintln!("{name}: not formatted because it does not parse");
                        code = ExitCode::from(1);
                        continue;
                    }
                };
                if f == Path::new("-") {
                    out!("{formatted}");
                } else if formatted != src {
                    if check {
                        outln!("{name}");
                        code = ExitCode::from(1);
                    } else {
                        reel::files::rewrite_in_place(f, formatted.as_bytes())?;
                    }
                }
            }
            Ok(code)
        }
        Command::Watch { file, port, size } => {
            reel::watch::run(reel::watch::Options { file, port, size: parse_size(&size)? })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lsp => {
            reel::lsp::run()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stdlib { source: None } => {
            out!("{}", reel::check::stdlib::reference_markdown());
            Ok(ExitCode::SUCCESS)
        }
        Command::Stdlib { source: Some(f) } => match reel::check::stdlib::Stdlib::source(&f) {
            Some(src) => {
                out!("{src}");
                Ok(ExitCode::SUCCESS)
            }
            None => {
                Err(format!("the stdlib has no file `{f}`; it has {}", reel::check::stdlib::FILES.iter().map(|(_, f, _)| *f).collect::<Vec<_>>().join(", ")))
            }
        },
        Command::Explain { code } => match reel::explain::explain(&code) {
            Some(e) => {
                outln!("{}: {}\n\n{}", e.code, e.title, e.text);
                if !e.example.is_empty() {
                    outln!("\nFor example:\n\n{}", e.example.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"));
                }
                Ok(ExitCode::SUCCESS)
            }
            None => Err(format!("no diagnostic has the code `{code}`; see docs/diagnostics.md")),
        },
        Command::Ir { file } => match compile_file(&file)? {
            Some(ir) => {
                outln!("{}", serde_json::to_string_pretty(&ir).unwrap());
                Ok(ExitCode::SUCCESS)
            }
            None => Ok(ExitCode::from(1)),
        },
        Command::Bake { file, output, size, fps, format } => {
            let Some(mut ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
            apply_overrides(&mut ir, size.as_deref(), fps)?;
            let bake = reel::sim::simulate(&ir);
            use reel::sim::bake_file::{write, BakeFormat as F};
            let chosen = |default: F| match format {
                Some(BakeFormat::Binary) => F::Binary,
                Some(BakeFormat::Json) => F::Json,
                Some(BakeFormat::Pretty) => F::Pretty,
                None => default,
            };
            match output {
                Some(o) => {
                    let tmp = reel::files::TempFile::for_output(&o);
                    let file = std::fs::File::create(tmp.path()).map_err(|e| format!("cannot write {}: {e}", o.display()))?;
                    write(&bake, chosen(F::for_path(&o)), &file).map_err(|e| format!("{}: {e}", o.display()))?;
                    file.sync_all().and_then(|()| tmp.commit()).map_err(|e| format!("cannot write {}: {e}", o.display()))?;
                }
                None => {
                    let fmt = chosen(F::Json);
                    if fmt == F::Binary && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                        return Err("a binary bake is not for a terminal: give -o FILE.reelbake, or --format json".into());
                    }
                    write(&bake, fmt, std::io::stdout().lock()).map_err(|e| e.replace("cannot write the bake", "cannot write to standard output"))?;
                    if fmt != F::Binary {
                        outln!();
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Render { file: None, bake: Some(bake_path), output, frames, chunk, size, fps, crf, quiet, aa } => {
            if size.is_some() || fps.is_some() {
                return Err("--size and --fps are fixed when the bake is made; re-bake to change them".into());
            }
            let mut file = reel::sim::bake_file::BakeFile::open(&bake_path)?;
            let range = frames_of(frames.as_deref(), chunk.as_deref(), file.frame_count, file.bake.fps, &output)?;
            // Only this chunk's frames are read (from a binary bake; JSON is read whole).
            let frames = file.read_frames(range.clone())?;
            reel::cli::render_frames_with(&file.bake, &frames, range.start, &output, crf, aa.into(), !quiet, None, None)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Render { file, bake: _, output, frames, chunk, size, fps, crf, quiet, aa } => {
            let Some(file) = file else { return Err("give a scene file, or --bake FILE".into()) };
            let Some(mut ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
            apply_overrides(&mut ir, size.as_deref(), fps)?;
            let bake = reel::sim::simulate(&ir);
            for n in &bake.notes {
                eprintln!("note: {n}");
            }
            let range = frames_of(frames.as_deref(), chunk.as_deref(), bake.frames.len(), bake.fps, &output)?;
            reel::cli::render_bake(&bake, range, &output, crf, aa.into(), !quiet)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Concat { chunks, output } => {
            let paths: Vec<&Path> = chunks.iter().map(PathBuf::as_path).collect();
            let n = reel::encode::concat::concat(&paths, &output).map_err(|e| e.to_string())?;
            eprintln!("reel concat: {n} frames from {} chunks into {}", chunks.len(), output.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Storyboard { file, output, panel_width, columns } => {
            require_png(&output)?;
            let Some(ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
            reel::cli::render_storyboard(&ir, &output, panel_width, columns).map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Grammar { format } => {
            match format {
                GrammarFormat::Gbnf => out!("{}", reel::llm::gbnf::scene_gbnf()?),
                GrammarFormat::JsonSchema => outln!("{}", serde_json::to_string_pretty(&reel::llm::plan::cast_schema()).unwrap()),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Prompt { prompt, output, mode, url, model, rounds, timeout, retries, max_tokens, no_grammar, full_context, render, size, report } => {
            let prompt = if prompt == "-" {
                use std::io::Read;
                let mut p = String::new();
                std::io::stdin().take(64 * 1024).read_to_string(&mut p).map_err(|e| format!("cannot read the prompt from stdin: {e}"))?;
                p
            } else {
                prompt
            };
            if prompt.trim().is_empty() {
                return Err("the prompt is empty".into());
            }
            let opts = reel::llm::Options {
                endpoint: reel::llm::client::Endpoint {
                    url,
                    model,
                    key: std::env::var("REEL_LLM_KEY").ok().filter(|k| !k.is_empty()),
                    timeout: std::time::Duration::from_secs(timeout.max(1)),
                    retries,
                    temperature: 0.0,
                    max_tokens,
                    seed: 1,
                },
                mode: match mode {
                    PromptMode::Scene => reel::llm::Mode::Scene,
                    PromptMode::Plan => reel::llm::Mode::Plan,
                },
                rounds,
                grammar: !no_grammar,
                full_context,
            };
            let outcome = reel::llm::generate(&prompt, &opts, &mut |line| eprintln!("reel prompt: {line}")).map_err(|e| e.to_string())?;
            let mut rendered = None;
            if outcome.ok {
                match &output {
                    Some(o) => reel::files::write_atomic(o, outcome.text.as_bytes())?,
                    None => out!("{}", outcome.text),
                }
                print_human(&outcome.diags, "prompt.scene", &outcome.text);
                if let Some(video) = &render {
                    let (ir, _) = reel::compile(&outcome.text);
                    let mut ir = ir.ok_or("the scene stopped checking")?;
                    apply_overrides(&mut ir, Some(&size), None)?;
                    let stats = reel::cli::render_video(&ir, video, 23, reel::cli::Antialias::Fxaa, false)?;
                    rendered = Some(stats.frames);
                }
            } else {
                eprintln!("reel prompt: the model's scene does not check after {} repair round(s); it is not written:\n", outcome.repairs);
                eprint!("{}", outcome.text);
                print_human(&outcome.diags, "prompt.scene", &outcome.text);
            }
            if report {
                let r = serde_json::json!({
                    "ok": outcome.ok, "mode": opts.mode.name(), "model": opts.endpoint.model, "repairs": outcome.repairs,
                    "requests": outcome.requests, "seconds": outcome.seconds, "rendered_frames": rendered,
                });
                eprintln!("{r}");
            }
            Ok(if outcome.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Still { file, at, output, size, aa } => {
            require_png(&output)?;
            let Some(mut ir) = compile_file(&file)? else { return Ok(ExitCode::from(1)) };
            if let Some(s) = size {
                ir.resolution = parse_size(&s)?;
            }
            reel::cli::render_still(&ir, at, &output, aa.into()).map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
