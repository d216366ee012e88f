//! The model's part in plan mode: small questions, each under a tiny JSON schema, only
//! where the deterministic reading left something open:
//! - *kind*: a word the reading does not know stands where an actor would ("an astronaut
//!   walks"): which stdlib actor kind is it, or none (an animal reel cannot show)?
//! - *things*: the reading found nothing on stage: what is there, and how many?
//! - *motion*: a word right after an actor reads like a verb the reading does not know
//!   ("the acrobat somersaults"): which stdlib motion is it, or none?
//!
//! Each question carries a few worked examples chosen by word overlap with the prompt from
//! a pool (`ask_examples.json`) that shares no sentence with the eval's prompts (a test
//! holds it); never one fixed example the model would copy. Counts, sizes and durations
//! are never asked: the reading has them. An answer outside its schema is ignored.

use crate::brief::{self, Brief, Step, Thing};
use crate::client::{self, Constraint, Message};
use crate::read::Open;
use crate::{LlmError, Options};
use serde_json::{json, Value};

pub const EXAMPLES: &str = include_str!("ask_examples.json");
const SHOWN: usize = 4;

/// Ask what the reading left open; returns the brief with the answers in.
pub fn complete(mut b: Brief, open: &Open, prompt: &str, opts: &Options, requests: &mut usize, log: &mut dyn FnMut(&str)) -> Result<Brief, LlmError> {
    let v = brief::vocabulary();
    for name in open.kinds.iter().take(3) {
        let mut kinds: Vec<&str> = v.actors.iter().copied().filter(|k| *k != "humanoid").collect();
        kinds.push("none");
        let q = format!("Sentence: {prompt}\nWord: {name}\nWhich kind of thing is it?");
        let q = format!("{KINDS_HELP}\n{q}");
        let answer = ask(
            opts,
            "kind",
            prompt,
            &q,
            json!({"type": "object", "properties": {"kind": {"type": "string", "enum": kinds}}, "required": ["kind"]}),
            requests,
        )?;
        let kind = answer.get("kind").and_then(Value::as_str).unwrap_or("person");
        log(&format!("asked: what is a `{name}`? {kind}"));
        let Some(t) = b.things.iter_mut().find(|t| t.name == *name) else { continue };
        if kind == "none" {
            b.left_out.push(name.clone());
            b.things.retain(|t| t.name != *name);
            b.steps.retain(|s| s.who != *name);
        } else if v.actors.contains(&kind) {
            t.kind = kind.to_string();
        }
    }
    if b.things.is_empty() && b.left_out.is_empty() {
        let kinds: Vec<&str> = v.actors.iter().chain(&v.props).copied().filter(|k| *k != "humanoid").collect();
        let schema = json!({"type": "object", "properties": {"things": {"type": "array", "maxItems": 3, "items": {"type": "object",
            "properties": {"kind": {"type": "string", "enum": kinds}, "count": {"type": "integer", "minimum": 1, "maximum": 12}}, "required": ["kind", "count"]}}}, "required": ["things"]});
        let answer = ask(opts, "things", prompt, &format!("Sentence: {prompt}\nWhat is there, and how many?"), schema, requests)?;
        for (k, t) in answer.get("things").and_then(Value::as_array).into_iter().flatten().enumerate().take(3) {
            let (Some(kind), count) = (t.get("kind").and_then(Value::as_str), t.get("count").and_then(Value::as_u64).unwrap_or(1)) else { continue };
            log(&format!("asked: what is there? {count} {kind}"));
            b.things.push(Thing {
                name: format!("{}{}", kind.chars().take(8).collect::<String>(), k + 1),
                kind: kind.into(),
                count: count.clamp(1, 12) as u32,
                ..Default::default()
            });
        }
    }
    for (who, word) in open.verbs.iter().take(3) {
        let lib = reel_check::stdlib::lib();
        let humanoid = |m: &str| lib.motion(m).is_some_and(|s| s.for_archetype == Some("humanoid"));
        let mut motions: Vec<&str> = v.motions.iter().map(|m| m.0).filter(|m| humanoid(m) && !matches!(*m, "mark" | "stagger" | "land")).collect();
        motions.push("none");
        let schema = json!({"type": "object", "properties": {"motion": {"type": "string", "enum": motions}}, "required": ["motion"]});
        let help: Vec<String> = motions.iter().filter_map(|m| lib.motion(m).map(|s| format!("{m}: {}", first_words(s.doc, 9)))).collect();
        let q = format!("Motions: {}; none: anything else.\nSentence: {prompt}\nWord: {word}\nWhich motion is it?", help.join("; "));
        let answer = ask(opts, "motion", prompt, &q, schema, requests)?;
        let motion = answer.get("motion").and_then(Value::as_str).unwrap_or("none");
        log(&format!("asked: what motion is `{word}`? {motion}"));
        if motion != "none" {
            b.steps.push(Step { who: who.clone(), motion: motion.into(), ..Default::default() });
        }
    }
    Ok(b)
}

const KINDS_HELP: &str = "Kinds: person (a human of any age or job), monkey (a monkey or an ape), robot (a machine or android), \
mannequin (a statue, a dummy, a doll), none (any other animal, a vehicle, an object).";

/// The first words of a doc line, for a question's list of choices.
fn first_words(doc: &str, n: usize) -> String {
    let line = doc.lines().next().unwrap_or("").trim_end_matches('.');
    line.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
}

const SYSTEM: &str = "You answer one small question about a short film description, in JSON under the schema given. \
Use only the names the schema allows. Answer for this sentence only; the examples show the form, not the content.";

/// One small question: a system line, the closest examples as turns, the question.
fn ask(opts: &Options, pool: &str, prompt: &str, question: &str, schema: Value, requests: &mut usize) -> Result<Value, LlmError> {
    let mut messages = vec![Message::System(SYSTEM.into())];
    for e in closest(pool, prompt) {
        messages.push(Message::User(example_question(pool, &e)));
        messages.push(Message::Assistant(answer_of(pool, &e).to_string()));
    }
    messages.push(Message::User(question.into()));
    let answer = client::chat(&opts.endpoint, &messages, &Constraint::JsonSchema(schema))?;
    *requests += 1;
    Ok(serde_json::from_str(answer.trim().trim_start_matches("```json").trim_matches('`').trim()).unwrap_or(Value::Null))
}

fn example_question(pool: &str, e: &Value) -> String {
    let s = e["sentence"].as_str().unwrap_or("");
    match pool {
        "kind" => format!("Sentence: {s}\nWord: {}\nWhich kind of thing is it?", e["word"].as_str().unwrap_or("")),
        "things" => format!("Sentence: {s}\nWhat is there, and how many?"),
        _ => format!("Sentence: {s}\nWord: {}\nWhich motion is it?", e["word"].as_str().unwrap_or("")),
    }
}

fn answer_of(pool: &str, e: &Value) -> Value {
    match pool {
        "kind" => json!({"kind": e["answer"]}),
        "motion" => json!({"motion": e["answer"]}),
        _ => e["answer"].clone(),
    }
}

/// The pool's examples closest to the prompt by shared words (Jaccard), best first.
pub fn closest(pool: &str, prompt: &str) -> Vec<Value> {
    let all: Value = serde_json::from_str(EXAMPLES).unwrap_or(Value::Null);
    let words =
        |s: &str| s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).map(str::to_string).collect::<std::collections::BTreeSet<_>>();
    let mine = words(prompt);
    let mut scored: Vec<(f32, Value)> = all[pool]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let theirs = words(e["sentence"].as_str().unwrap_or(""));
            let shared = mine.intersection(&theirs).count() as f32;
            let union = mine.union(&theirs).count().max(1) as f32;
            (shared / union, e.clone())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(SHOWN).map(|(_, e)| e).collect()
}
