//! The `reel` command line: clap's types and the dispatch; each command is a file in
//! `commands/`.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

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

mod commands;

#[derive(Parser)]
#[command(name = "reel", version, about = "Compile .scene text into simulated, rendered video")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check scene files (`-` reads stdin): prints nothing and exits 0 when clean, diagnostics
    /// and exit 1 on errors, exit 2 on usage or I/O errors.
    Check(commands::check::Args),
    /// Format scene files in place in the one canonical layout (`-`: stdin to stdout).
    Fmt(commands::fmt::Args),
    /// Recompile on save and serve a live preview on http://127.0.0.1:PORT/.
    Watch(commands::watch::Args),
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Explain a diagnostic code, e.g. `reel explain E0201`.
    Explain(commands::explain::Args),
    /// Print the standard library's reference (archetypes, motions, camera moves) as
    /// Markdown, or one stdlib file's source with `--source FILE` (e.g. `props.scene`).
    Stdlib(commands::stdlib::Args),
    /// Print the checked scene's IR as JSON.
    Ir(commands::ir::Args),
    /// Simulate and print the bake (per frame poses, cameras and events) as JSON.
    Bake(commands::bake::Args),
    /// Render a scene (or a saved bake) to an H.264 MP4, a GIF (`.gif`), or PNG frames (a
    /// folder name ending in `/`).
    Render(commands::render::Args),
    /// Join MP4 chunks rendered from one bake (`render --bake F --chunk K/N`) into one video,
    /// without re-encoding.
    Concat(commands::concat::Args),
    /// Render a sheet of key frames (start, every event found, end) to PNG.
    Storyboard(commands::storyboard::Args),
    /// Turn a natural-language prompt into a .scene file through an OpenAI-compatible chat
    /// endpoint; the result is checked, repaired and formatted. Exit 0 when it checks clean,
    /// 1 when it does not (nothing is written then), 2 when the model cannot be reached.
    Prompt(commands::prompt::Args),
    /// Print the scene grammar for constrained decoding: GBNF (llama.cpp) from
    /// grammar/scene.pest, or the JSON schema of plan mode's cast.
    Grammar(commands::grammar::Args),
    /// Render one frame at a screen time to PNG.
    Still(commands::still::Args),
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

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Watch(args) => commands::watch::run(args),
        Command::Lsp => {
            reel::lsp::run()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain(args) => commands::explain::run(args),
        Command::Stdlib(args) => commands::stdlib::run(args),
        Command::Ir(args) => commands::ir::run(args),
        Command::Bake(args) => commands::bake::run(args),
        Command::Render(args) => commands::render::run(args),
        Command::Concat(args) => commands::concat::run(args),
        Command::Storyboard(args) => commands::storyboard::run(args),
        Command::Prompt(args) => commands::prompt::run(args),
        Command::Grammar(args) => commands::grammar::run(args),
        Command::Still(args) => commands::still::run(args),
    }
}
