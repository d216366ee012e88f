//! Plan mode: the prompt read deterministically into a brief (`read.rs`), the model asked
//! only the small questions the reading leaves open (`ask.rs`), the brief validated
//! (`brief::clean`) and lowered (`stage.rs`), the scene checked. What does not check is cut
//! line by line (a motion or a camera move the checker refuses) or, for a declaration,
//! the thing is dropped from the brief and the scene lowered again; every cut is logged.

use crate::{ask, brief, check_untrusted, has_errors, read, stage, LlmError, Options, Outcome};
use reel_diag::{self as diag, Diag};

pub fn plan_mode(prompt: &str, opts: &Options, log: &mut dyn FnMut(&str)) -> Result<Outcome, LlmError> {
    let (draft, open) = read::read(prompt);
    let mut requests = 0;
    let draft = ask::complete(draft, &open, prompt, opts, &mut requests, log)?;
    let (mut b, dropped) = brief::clean(draft);
    for d in dropped {
        log(&format!("brief: dropped {d}"));
    }
    let plans = vec![serde_json::to_string(&b).unwrap_or_default()];
    log(&format!("brief: {}", plans[0]));
    let mut repairs = 0;
    loop {
        let scene = stage::lower(&b);
        let (mut text, mut diags) = check_untrusted(&scene);
        // Cut the timeline lines the checker refuses, until it checks or nothing is left to cut.
        while has_errors(&diags) && repairs < 8 {
            let Some(cut) = cuttable_line(&text, &diags) else { break };
            log(&format!("round {repairs}: cut `{}`", text.lines().nth(cut).unwrap_or("").trim()));
            text = text.lines().enumerate().filter(|(k, _)| *k != cut).map(|(_, l)| format!("{l}\n")).collect();
            (text, diags) = check_untrusted(&text);
            repairs += 1;
        }
        if !has_errors(&diags) || repairs >= 8 || b.things.is_empty() {
            let ok = !has_errors(&diags);
            return Ok(Outcome { text, diags, ok, repairs, requests, seconds: 0.0, plans });
        }
        // A declaration the checker refuses: drop that thing and lower again.
        let Some(name) = refused_thing(&text, &diags) else {
            return Ok(Outcome { text, diags, ok: false, repairs, requests, seconds: 0.0, plans });
        };
        if !b.things.iter().any(|t| t.name == name) {
            // Something the brief only implies (what starts a row going): nothing to drop.
            return Ok(Outcome { text, diags, ok: false, repairs, requests, seconds: 0.0, plans });
        }
        log(&format!("round {repairs}: dropped `{name}`"));
        b.things.retain(|t| t.name != name);
        b.steps.retain(|s| s.who != name && s.object.as_deref() != Some(name.as_str()));
        b = brief::clean(b).0;
        repairs += 1;
    }
}

/// The first error's line when it is a motion or a camera move inside the timeline.
fn cuttable_line(text: &str, diags: &[Diag]) -> Option<usize> {
    let timeline = text.lines().position(|l| l.trim_start().starts_with("timeline"))?;
    diags.iter().filter(|d| d.severity == diag::Severity::Error).find_map(|d| {
        let (line, _) = diag::line_col(text, d.span.start);
        let k = line.checked_sub(1)?;
        let l = text.lines().nth(k)?.trim();
        (k > timeline && !l.ends_with('{') && l != "}").then_some(k)
    })
}

/// The name declared on the first error's line (`prop NAME = …`, `actor NAME = …`).
fn refused_thing(text: &str, diags: &[Diag]) -> Option<String> {
    diags.iter().filter(|d| d.severity == diag::Severity::Error).find_map(|d| {
        let (line, _) = diag::line_col(text, d.span.start);
        let l = text.lines().nth(line.checked_sub(1)?)?.trim();
        let rest = l.strip_prefix("prop ").or_else(|| l.strip_prefix("actor "))?;
        Some(rest.split_whitespace().next()?.to_string())
    })
}
