//! `reel prompt`: natural language → a `.scene` file that checks clean, through any
//! OpenAI-compatible chat endpoint.
//!
//! Two modes. `scene`: the model writes the language itself, constrained by the GBNF
//! exported from the real grammar (`gbnf.rs`) where the server takes one. `plan`: the model
//! fills two small JSON documents under schemas (`plan.rs`) and reel lowers them into the
//! language. Either way the result goes through `check`; its diagnostics (code, message,
//! the text they point at, help) go back to the model for a fix, up to N rounds; the
//! result is formatted with `reel fmt`. The model's text is untrusted input: it is checked
//! with no folder (so `use` reaches the stdlib only) and with a hand-written file's limits.
//!
//! Architecture Invariant: the LLM pass emits `.scene` text, never IR.

pub mod ask;
pub mod brief;
pub mod client;
pub mod gbnf;
pub mod pipeline;
pub mod plan;
pub mod read;
pub mod stage;
pub mod words;

use client::{Constraint, Endpoint, LlmError, Message};
use reel_diag::{self as diag, Diag, Severity};
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Scene,
    /// The prompt read into a brief; the model asked small questions (`pipeline.rs`).
    Plan,
    /// The model fills a cast and a story under two JSON schemas (`plan.rs`).
    Cast,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Scene => "scene",
            Mode::Plan => "plan",
            Mode::Cast => "cast",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub endpoint: Endpoint,
    pub mode: Mode,
    /// Repair rounds after the first answer.
    pub rounds: usize,
    /// Send the GBNF grammar in scene mode (llama.cpp servers take it; others may not).
    pub grammar: bool,
    /// Scene mode's context: the whole language reference and every example (~10k tokens),
    /// stepping down when the server says it does not fit; or from the start the stdlib and
    /// three examples (fits a model with an 8k context).
    pub full_context: bool,
}

/// What a `reel prompt` run produced.
#[derive(Debug)]
pub struct Outcome {
    /// The last scene text (formatted when it parses).
    pub text: String,
    /// Its diagnostics (empty when clean).
    pub diags: Vec<Diag>,
    /// Whether it checks with no errors.
    pub ok: bool,
    /// Repair rounds used (0: the first answer was good).
    pub repairs: usize,
    /// Chat requests sent.
    pub requests: usize,
    pub seconds: f64,
    /// For plan mode, the plans the model wrote (cast, story), as JSON text.
    pub plans: Vec<String>,
}

// --- the context sent to the model, built from the project's own sources ----------------

const REFERENCE: &str = include_str!("../../../docs/reference.md");
/// Few-shot cases: every example scene, checked and rendered by the tests.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("wukong.scene", include_str!("../../../examples/wukong.scene")),
    ("ball.scene", include_str!("../../../examples/ball.scene")),
    ("walkers.scene", include_str!("../../../examples/walkers.scene")),
    ("dominoes.scene", include_str!("../../../examples/dominoes.scene")),
    ("conversation.scene", include_str!("../../../examples/conversation.scene")),
    ("vertigo.scene", include_str!("../../../examples/vertigo.scene")),
    ("crane.scene", include_str!("../../../examples/crane.scene")),
];
/// Plan mode's worked examples (a prompt, its cast, its story); a test lowers each and
/// checks that it compiles clean.
pub const PLAN_EXAMPLES: &str = include_str!("plan_examples.json");

/// The stdlib's declarations, one line each, with their docs: what the checker knows.
pub fn stdlib_summary() -> String {
    summary(true)
}

/// The stdlib's declarations with their docs (`docs`), or their signatures alone, for a
/// model whose context cannot hold the docs.
fn summary(docs: bool) -> String {
    let lib = reel_check::stdlib::lib();
    let doc = |d: &str| if docs { format!(": {}", d.replace('\n', " ")) } else { String::new() };
    let mut out = String::new();
    for a in &lib.archetypes {
        if matches!(a.class, "settings" | "material" | "camera") {
            continue;
        }
        let base = a.base.and_then(|b| lib.archetype(b));
        let kind = base.map(|b| format!(", a kind of `{}` with its properties and motions", b.name)).unwrap_or_default();
        out += &format!("- {} `{}` (use {}.{}{kind}){}\n", a.class, a.name, a.module, a.name, doc(a.doc));
        // A kind lists only what it declares itself.
        for p in a.props.iter().filter(|p| !base.is_some_and(|b| b.props.iter().any(|q| q.span == p.span))) {
            let decl = reel_check::stdlib::Stdlib::decl_line(a.file, p.span);
            let line = decl.trim_start_matches("param ");
            out += &format!("    - {line}{}\n", doc(p.doc));
        }
    }
    for m in &lib.motions {
        let who = m.for_archetype.map(|a| format!("motion of {a}")).unwrap_or_else(|| "camera move".into());
        out += &format!(
            "- {who}: `{}`{}\n",
            reel_check::stdlib::Stdlib::decl_line(m.file, m.span).trim_start_matches("builtin ").trim_start_matches("motion ").trim_start_matches("move "),
            doc(m.doc)
        );
    }
    out
}

/// The system prompt of scene mode: the language reference, the stdlib, the examples.
pub fn scene_system_prompt(full: bool) -> String {
    scene_system_prompt_with(full, if full { EXAMPLES.len() } else { 3 })
}

/// The system prompt with `examples` of the worked examples (fewer, for a small context).
pub fn scene_system_prompt_with(full: bool, examples: usize) -> String {
    system_prompt(full, examples, true)
}

/// The system prompt; without `docs`, the stdlib's signatures alone (the smallest).
fn system_prompt(full: bool, examples: usize, docs: bool) -> String {
    let mut out = String::from(
        "You write programs in reel's .scene language, which describe a short film: who is on stage, what they do and when, and what the camera does. \
         Answer with one complete .scene file and nothing else: no Markdown fences, no explanations.\n\n",
    );
    if full {
        out += "# The language reference\n\n";
        out += REFERENCE;
        out += "\n\n";
    }
    out += "# The standard library (what can be used, with parameters and units)\n\n";
    out += &summary(docs);
    out += "\n# Examples\n";
    for (name, src) in &EXAMPLES[..examples.min(EXAMPLES.len())] {
        out += &format!("\n## {name}\n\n{src}");
    }
    out
}

fn plan_examples() -> Vec<(String, plan::Cast, plan::Story)> {
    let v: serde_json::Value = serde_json::from_str(PLAN_EXAMPLES).expect("plan_examples.json is valid JSON (tested)");
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| {
                    Some((e["prompt"].as_str()?.to_string(), serde_json::from_value(e["cast"].clone()).ok()?, serde_json::from_value(e["story"].clone()).ok()?))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn doc_of(verb: &str) -> String {
    reel_check::stdlib::lib().motion(verb).map(|m| m.doc.replace('\n', " ")).unwrap_or_default()
}

/// The system prompt of the cast stage.
pub fn cast_system_prompt() -> String {
    let mut out = String::from(
        "You plan a short animated film for reel. From the user's description, list who and what is on stage, as JSON.\n\
         - title: a short title.\n- sky: noon, evening or overcast.\n- table: true when the story happens on or near a table.\n\
         - actors: people or animals (at most 3), each with a short lowercase name, a color and a size (tiny: a figure the size of a toy, on a table; child; adult).\n\
         - props: things (at most 4), each with a short lowercase name, a kind, a color, on_table, and push (0 to 5: how fast it is pushed at the start, in m/s).\n",
    );
    out += "Kinds of props: ball (rolls and bounces), box, box_stack (three boxes stacked), domino_row (a row of dominoes; push topples it), cup, chair.\n";
    for (prompt, cast, _) in plan_examples() {
        out += &format!("\nExample. Description: {prompt}\nJSON: {}\n", serde_json::to_string(&cast).unwrap());
    }
    out
}

/// The system prompt of the story stage, for a given cast.
pub fn story_system_prompt(cast: &plan::Cast) -> String {
    let mut out = String::from("You plan what happens in a short animated film for reel, as JSON, for the cast you are given.\n");
    out += "- actions: what each actor does, in order, each for some seconds:\n";
    for (action, verb) in [("walk", "walk"), ("run", "run"), ("sprint", "sprint"), ("jump", "jump"), ("wave", "wave"), ("swing_arm", "swing"), ("idle", "idle")]
    {
        out += &format!("    - {action}: {}\n", doc_of(verb));
    }
    out += "- shots: what the camera does, in order, each aimed at a target from the cast, for some seconds:\n";
    for shot in plan::SHOTS {
        out += &format!("    - {shot}: {}\n", doc_of(shot));
    }
    out += "- freeze_at_jump_apex: seconds the action pauses at the top of the first jump while the camera circles (0 for none).\n";
    out += "- slow_motion: true to play the start slowly.\n";
    for (prompt, c, story) in plan_examples() {
        out += &format!("\nExample. Description: {prompt}\nCast: {}\nJSON: {}\n", serde_json::to_string(&c).unwrap(), serde_json::to_string(&story).unwrap());
    }
    out += &format!("\nThe cast of this film: {}\n", serde_json::to_string(cast).unwrap());
    out
}

// --- checking and feedback ----------------------------------------------------------------

/// Strip what chat models wrap code in (Markdown fences, a leading sentence).
pub fn extract_scene(answer: &str) -> String {
    let t = answer.trim();
    if let Some(start) = t.find("```") {
        let after = &t[start + 3..];
        let body_start = after.find('\n').map_or(after.len(), |i| i + 1);
        let body = &after[body_start..];
        let end = body.find("```").unwrap_or(body.len());
        return body[..end].trim().to_string() + "\n";
    }
    t.to_string() + "\n"
}

/// Check model-written text as untrusted input: no folder, so `use` reaches the stdlib
/// only. Returns the text (formatted when it parses) and its diagnostics.
pub fn check_untrusted(text: &str) -> (String, Vec<Diag>) {
    let text = reel_syntax::fmt::format(text).unwrap_or_else(|_| text.to_string());
    let (_, diags) = reel_check::compile_in(&text, None);
    (text, diags)
}

pub(crate) fn has_errors(diags: &[Diag]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// Diagnostics as the model reads them: code, line, message, the text, help. At most 12.
pub fn feedback(text: &str, diags: &[Diag]) -> String {
    let mut out = String::new();
    for d in diags.iter().filter(|d| d.severity == Severity::Error).take(12) {
        let (line, col) = diag::line_col(text, d.span.start);
        // Bounded: a runaway line (a small model repeating a word) must not flood the context.
        let src_line: String = text.lines().nth(line.saturating_sub(1)).unwrap_or("").trim().chars().take(160).collect();
        let src_line = src_line.as_str();
        let at = text.get(d.span.start..d.span.end.min(text.len())).unwrap_or("").chars().take(60).collect::<String>();
        out += &format!("- {} at line {line}, column {col}: {}\n  the line: {src_line}\n", d.code, d.message);
        if !at.trim().is_empty() && at.trim() != src_line {
            out += &format!("  the text: {at}\n");
        }
        if let Some(h) = &d.help {
            out += &format!("  help: {h}\n");
        }
    }
    out
}

// --- the two modes ---------------------------------------------------------------------------

/// Run the prompt pass. `log` hears about each round.
pub fn generate(prompt: &str, opts: &Options, log: &mut dyn FnMut(&str)) -> Result<Outcome, LlmError> {
    let started = Instant::now();
    let mut out = match opts.mode {
        Mode::Scene => scene_mode(prompt, opts, log)?,
        Mode::Plan => pipeline::plan_mode(prompt, opts, log)?,
        Mode::Cast => plan_mode(prompt, opts, log)?,
    };
    out.seconds = started.elapsed().as_secs_f64();
    Ok(out)
}

fn scene_mode(prompt: &str, opts: &Options, log: &mut dyn FnMut(&str)) -> Result<Outcome, LlmError> {
    let constraint = if opts.grammar { Constraint::Gbnf(gbnf::scene_gbnf().map_err(LlmError::Malformed)?) } else { Constraint::None };
    let mut full = opts.full_context;
    let mut examples = if full { EXAMPLES.len() } else { 3 };
    let mut docs = true;
    let mut messages = vec![Message::System(scene_system_prompt_with(full, examples)), Message::User(prompt.to_string())];
    let mut requests = 0;
    let mut repairs = 0;
    loop {
        let answer = match client::chat(&opts.endpoint, &messages, &constraint) {
            // Too long for the model's context (a repair round carries the last attempt
            // too): the same request with one worked example fewer.
            Err(e) if e.context_full() && (full || examples > 0 || docs) => {
                // The whole reference does not fit: the stdlib and three examples; then one
                // worked example fewer; with none left, the stdlib without its docs.
                if full {
                    full = false;
                    examples = examples.min(3);
                } else if examples > 0 {
                    examples -= 1;
                } else {
                    docs = false;
                }
                messages[0] = Message::System(system_prompt(full, examples, docs));
                let what = if docs { "" } else { ", the stdlib's signatures without their docs" };
                log(&format!("round {repairs}: too long for the model's context; {examples} worked example(s) this time{what}"));
                continue;
            }
            r => r?,
        };
        requests += 1;
        let (text, diags) = check_untrusted(&extract_scene(&answer));
        let ok = !has_errors(&diags);
        log(&format!(
            "round {repairs}: {}",
            if ok { "checks clean".to_string() } else { format!("{} error(s)", diags.iter().filter(|d| d.severity == Severity::Error).count()) }
        ));
        if ok || repairs >= opts.rounds {
            return Ok(Outcome { text, diags, ok, repairs, requests, seconds: 0.0, plans: vec![] });
        }
        repairs += 1;
        // Only the latest attempt goes back (bounded), not every round: the conversation
        // must fit a small model's context however many rounds run.
        let attempt: String = text.chars().take(MAX_ATTEMPT_CHARS).collect();
        messages.truncate(2);
        messages.push(Message::Assistant(attempt));
        messages.push(Message::User(format!(
            "`reel check` found these errors in that scene:\n{}\nWrite the whole corrected scene, and nothing else.",
            feedback(&text, &diags)
        )));
    }
}

/// How much of a failed attempt goes back to the model with its diagnostics.
const MAX_ATTEMPT_CHARS: usize = 3000;

/// Parse a JSON answer into `T`, or say what is wrong with it for the model.
fn parse_json<T: serde::de::DeserializeOwned>(answer: &str) -> Result<T, String> {
    let t = answer.trim();
    let t = t.strip_prefix("```json").or_else(|| t.strip_prefix("```")).unwrap_or(t);
    let t = t.strip_suffix("```").unwrap_or(t);
    serde_json::from_str(t.trim()).map_err(|e| format!("the answer is not the JSON asked for: {e}"))
}

fn plan_mode(prompt: &str, opts: &Options, log: &mut dyn FnMut(&str)) -> Result<Outcome, LlmError> {
    let mut requests = 0;
    let mut repairs = 0;
    let mut plans = Vec::new();
    // The cast, repaired until it parses and has someone on stage.
    let mut messages = vec![Message::System(cast_system_prompt()), Message::User(format!("Description: {prompt}"))];
    let cast_constraint = Constraint::JsonSchema(plan::cast_schema());
    let cast = loop {
        let answer = client::chat(&opts.endpoint, &messages, &cast_constraint)?;
        requests += 1;
        plans.push(answer.clone());
        let problems = match parse_json::<plan::Cast>(&answer) {
            Ok(c) => {
                let (c, problems) = plan::clean_cast(c);
                if problems.is_empty() {
                    break c;
                }
                problems
            }
            Err(e) => vec![e],
        };
        log(&format!("round {repairs}: cast: {}", problems.join("; ")));
        if repairs >= opts.rounds {
            let text = format!("// reel prompt: the model's cast could not be used: {}\n", problems.join("; "));
            return Ok(Outcome { text, diags: vec![], ok: false, repairs, requests, seconds: 0.0, plans });
        }
        repairs += 1;
        messages.truncate(2);
        messages.push(Message::Assistant(answer.chars().take(MAX_ATTEMPT_CHARS).collect()));
        messages.push(Message::User(format!("That cast has problems:\n- {}\nWrite the corrected JSON.", problems.join("\n- "))));
    };
    // The story, for that cast, repaired until its lowering checks clean.
    let mut messages = vec![Message::System(story_system_prompt(&cast)), Message::User(format!("Description: {prompt}"))];
    let story_constraint = Constraint::JsonSchema(plan::story_schema(&cast));
    loop {
        let answer = client::chat(&opts.endpoint, &messages, &story_constraint)?;
        requests += 1;
        plans.push(answer.clone());
        let (text, diags, mut problems) = match parse_json::<plan::Story>(&answer) {
            Ok(story) => {
                let (scene, problems) = plan::lower(&cast, &story);
                let (text, diags) = check_untrusted(&scene);
                (text, diags, problems)
            }
            Err(e) => (String::new(), vec![], vec![e]),
        };
        if has_errors(&diags) {
            problems.push(format!("the scene made from it does not check:\n{}", feedback(&text, &diags)));
        }
        let ok = problems.is_empty();
        log(&format!("round {repairs}: story: {}", if ok { "checks clean".to_string() } else { problems.join("; ") }));
        if ok || repairs >= opts.rounds {
            let ok = ok && !text.is_empty();
            return Ok(Outcome { text, diags, ok, repairs, requests, seconds: 0.0, plans });
        }
        repairs += 1;
        messages.truncate(2);
        messages.push(Message::Assistant(answer.chars().take(MAX_ATTEMPT_CHARS).collect()));
        messages.push(Message::User(format!("That plan has problems:\n- {}\nWrite the corrected JSON.", problems.join("\n- "))));
    }
}
