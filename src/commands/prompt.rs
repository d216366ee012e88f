//! `reel prompt`: Turn a natural-language prompt into a .scene file through an OpenAI-
//! compatible chat endpoint; the result is checked, repaired and formatted. Exit 0 when it
//! checks clean, 1 when it does not (nothing is written then), 2 when the model cannot be
//! reached.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// The prompt; `-` reads it from stdin.
    pub prompt: String,
    /// Where to write the scene (only when it checks clean); stdout without it.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// plan: the prompt is read into a brief (things, places, steps, camera, time) and the
    /// model asked only the small questions the reading leaves open; reel lowers the brief
    /// into the language. scene: the model writes the language (GBNF-constrained). cast: the
    /// model fills a cast and a story under two JSON schemas (the earlier plan mode).
    #[arg(long, value_enum, default_value = "plan")]
    pub mode: PromptMode,
    /// The API's base URL (also REEL_LLM_URL).
    #[arg(long, env = "REEL_LLM_URL", default_value = "http://127.0.0.1:8080/v1")]
    pub url: String,
    /// The model's name (also REEL_LLM_MODEL). The key, if any, is read from REEL_LLM_KEY.
    #[arg(long, env = "REEL_LLM_MODEL", default_value = "local")]
    pub model: String,
    /// Repair rounds after the first answer.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Seconds for one request.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Attempts after the first when the server is unreachable or busy.
    #[arg(long, default_value_t = 3)]
    pub retries: usize,
    /// Most tokens in one answer.
    #[arg(long, default_value_t = 1500)]
    pub max_tokens: u32,
    /// Don't send the GBNF grammar in scene mode (for servers that refuse the field).
    #[arg(long)]
    pub no_grammar: bool,
    /// Scene mode: the whole language reference and every example (~10k tokens) go to the
    /// model, stepping down (the stdlib and three examples, then fewer) only when its server
    /// says they do not fit; with this flag it starts from the small context.
    #[arg(long)]
    pub small_context: bool,
    /// Also render the scene to this video (e.g. out.mp4).
    #[arg(long)]
    pub render: Option<PathBuf>,
    /// The rendered video's size.
    #[arg(long, default_value = "640x360")]
    pub size: String,
    /// Print a one-line JSON report (ok, rounds, requests, seconds) on stderr at the end.
    #[arg(long)]
    pub report: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let Args { prompt, output, mode, url, model, rounds, timeout, retries, max_tokens, no_grammar, small_context, render, size, report } = args;
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
            PromptMode::Cast => reel::llm::Mode::Cast,
        },
        rounds,
        grammar: !no_grammar,
        full_context: !small_context,
    };
    let outcome = reel::llm::generate(&prompt, &opts, &mut |line| eprintln!("reel prompt: {line}")).map_err(|e| e.to_string())?;
    let mut rendered = None;
    if outcome.ok {
        match &output {
            Some(o) => reel::files::write_atomic(o, outcome.text.as_bytes())?,
            None => out!("{}", outcome.text),
        }
        print_human(&outcome.diags, &diag::Sources::single("prompt.scene", outcome.text.as_str()));
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
        print_human(&outcome.diags, &diag::Sources::single("prompt.scene", outcome.text.as_str()));
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
