//! The deterministic reading of a prompt into a brief: the things it names (kind, how
//! many, colour, size, age), where they start (on what), who does what in which order and
//! to what, how things move by themselves, the camera's moves, slow motion and freezes, the
//! place, sky and floor, and what reel cannot show. Numbers, counts, sizes and durations
//! are read here, never guessed by a model. Words it does not know are left for `ask.rs`.
//!
//! Bounded: the prompt is cut at `MAX_CHARS`, every list in the brief at its maximum.

use crate::brief::{Brief, Step, Thing, MAX_STEPS, MAX_THINGS};
use crate::words::{self, lookup, Noun};

mod whole;

pub const MAX_CHARS: usize = 2000;

/// A word of the prompt, or a clause break (`|`).
fn tokens(prompt: &str) -> Vec<String> {
    let text: String = prompt.chars().take(MAX_CHARS).collect::<String>().to_lowercase().replace("bird's-eye", "birds-eye");
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() || c == '-' || c == '\'' || (c == '.' && word.chars().all(|d| d.is_ascii_digit()) && !word.is_empty()) {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            let w = std::mem::take(&mut word);
            let w = w.trim_end_matches('.').trim_end_matches("'s").trim_matches('\'');
            out.push(w.to_string());
        }
        if matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '(' | ')') {
            out.push("|".into());
        }
    }
    if !word.is_empty() {
        out.push(word.trim_end_matches('.').to_string());
    }
    out.retain(|w| !w.is_empty());
    out
}

const DETERMINERS: &[&str] = &["the", "his", "her", "their", "its", "this", "that"];
const INDEFINITE: &[&str] = &["a", "an", "another", "some", "second"];
const GROUP_WORDS: &[(&str, &str)] = &[
    ("row", "line"),
    ("line", "line"),
    ("chain", "line"),
    ("stack", "stack"),
    ("pile", "stack"),
    ("tower", "stack"),
    ("curve", "arc"),
    ("arc", "arc"),
    ("circle", "arc"),
    ("spiral", "arc"),
    ("grid", "grid"),
    ("triangle", "grid"),
];
/// Nouns a prompt uses for what is not a thing on stage: parts, places, times, framing.
const COMMON_NOUNS: &[&str] = &[
    "shot",
    "angle",
    "view",
    "moment",
    "time",
    "second",
    "seconds",
    "distance",
    "level",
    "edge",
    "end",
    "side",
    "top",
    "bottom",
    "middle",
    "height",
    "floor",
    "ground",
    "air",
    "way",
    "turn",
    "day",
    "hand",
    "hands",
    "head",
    "face",
    "arm",
    "arms",
    "leg",
    "legs",
    "feet",
    "foot",
    "back",
    "front",
    "left",
    "right",
    "center",
    "centre",
    "corner",
    "other",
    "same",
    "start",
    "finish",
    "action",
    "scene",
    "film",
    "camera",
    "frame",
    "jump",
    "run",
    "walk",
    "motion",
    "speed",
    "other",
    "lane",
    "surface",
    "morning",
    "afternoon",
    "sun",
    "light",
    "shadow",
    "door",
    "window",
    "lamp",
    "wall",
    "play",
    "show",
    "performance",
    "routine",
    "air",
    "bow",
    "wave",
    "kick",
    "push",
    "throw",
    "catch",
    "race",
    "fall",
    "bounce",
    "landing",
    "spotlight",
    "crowd",
    "audience",
    "it",
];
/// Motions done to a thing named right after the verb ("kicks a ball"); the others take
/// theirs after a preposition ("walks to a chair").
const TRANSITIVE: &[&str] = &["kick", "throw", "catch", "push", "put", "climb", "chase", "balance", "watch", "point"];
/// Words between a thing and where it is: "a cup stands on a table", "a mug down on it".
const STILL_WORDS: &[&str] = &[
    "down", "up", "still", "that", "which", "is", "are", "rests", "sits", "stands", "lies", "standing", "sitting", "resting", "lying", "waits", "placed",
    "set", "top",
];
const SUPPORTS: &[&str] = &["table", "box", "cushion", "chair", "ramp", "bin", "wall"];

/// What the reading knows as it goes.
#[derive(Default)]
struct Reading {
    brief: Brief,
    /// The noun each thing was first called by.
    called: Vec<String>,
    /// The last actor and the last thing mentioned, and the thing before that.
    last_actor: Option<usize>,
    last_thing: Option<usize>,
    prev_thing: Option<usize>,
    /// The last actor and thing mentioned in the current clause, and all of them in order.
    clause_actor: Option<usize>,
    clause_thing: Option<usize>,
    clause_actors: Vec<usize>,
    clause_things: Vec<usize>,
    /// The clause began with "while" or "as": its steps run with the one before.
    clause_together: bool,
    /// Words the reading did not know that stand where an actor would (before a verb).
    pub unknown: Vec<String>,
    /// Tokens already read as a noun (an object read ahead of the main pass).
    consumed: Vec<usize>,
    /// Which thing the noun at each read token named.
    read_at: Vec<(usize, usize)>,
    unknown_verbs: Vec<(usize, String)>,
}

/// What the reading leaves open for the model's small questions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Open {
    /// Things named by a word the reading does not know, standing where an actor would.
    pub kinds: Vec<String>,
    /// (actor, word): a word right after an actor that reads like a verb the reading does
    /// not know ("the acrobat somersaults").
    pub verbs: Vec<(String, String)>,
}

/// Read a prompt, and say what is left open.
pub fn read(prompt: &str) -> (Brief, Open) {
    let t = tokens(prompt);
    let mut r = Reading::default();
    let mut i = 0;
    while i < t.len() {
        let w = t[i].as_str();
        if w == "|" || w == "then" || w == "and" && t.get(i + 1).is_some_and(|n| n == "then") {
            r.clause_actor = None;
            r.clause_thing = None;
            r.clause_actors.clear();
            r.clause_things.clear();
            r.clause_together = false;
            i += 1;
            continue;
        }
        if matches!(w, "while" | "as" | "meanwhile") {
            r.clause_actor = None;
            r.clause_together = true;
        }
        if r.consumed.contains(&i) {
            i += 1;
            continue;
        }
        if let Some((skip, _)) = r.noun(&t, i) {
            i += skip;
            continue;
        }
        r.pronoun(w);
        r.unknown_verb(&t, i);
        r.verb(&t, i);
        r.prop_motion(&t, i);
        i += 1;
    }
    let lower = prompt.chars().take(MAX_CHARS).collect::<String>().to_lowercase();
    r.split_pairs(&lower);
    r.world(&lower, &t);
    r.time(&lower, &t);
    r.shots(&lower, &t);
    r.unknown_nouns(&t);
    r.aim();
    r.brief.title = title(prompt);
    r.brief.things.truncate(MAX_THINGS);
    r.brief.steps.truncate(MAX_STEPS);
    let verbs = r.unknown_verbs.iter().map(|(k, w)| (r.brief.things.get(*k).map(|t| t.name.clone()).unwrap_or_default(), w.clone())).collect();
    (r.brief, Open { kinds: r.unknown, verbs })
}

fn title(prompt: &str) -> String {
    let mut words: Vec<&str> = prompt.split_whitespace().take(6).collect();
    // Not ending on a word that leads somewhere ("… jumps off a").
    while words.len() > 2
        && matches!(
            words[words.len() - 1].to_lowercase().as_str(),
            "a" | "an" | "the" | "of" | "off" | "on" | "onto" | "to" | "and" | "in" | "at" | "into" | "with" | "from" | "while" | "then"
        )
    {
        words.pop();
    }
    let t = words.join(" ").trim_end_matches(|c: char| !c.is_alphanumeric()).to_string();
    let mut c = t.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn number(w: &str) -> Option<u32> {
    lookup(words::NUMBERS, w).or_else(|| w.parse::<u32>().ok().filter(|n| *n > 0))
}

fn seconds_after(t: &[String], i: usize) -> Option<f32> {
    // "for 3 seconds", "for four seconds", "3s": within the clause.
    for j in i + 1..(i + 6).min(t.len()) {
        if t[j] == "|" {
            break;
        }
        if matches!(t[j].as_str(), "seconds" | "second" | "secs" | "s") && j > 0 {
            let n = t[j - 1].parse::<f32>().ok().or_else(|| number(&t[j - 1]).map(|n| n as f32));
            return n.filter(|n| n.is_finite() && *n > 0.0);
        }
    }
    None
}

impl Reading {
    /// A noun at `i` (with what stands before it): a new thing or one already named.
    /// Returns how many tokens it took.
    fn noun(&mut self, t: &[String], i: usize) -> Option<(usize, usize)> {
        let w = t[i].as_str();
        if let Some(&(_, k)) = self.read_at.iter().find(|(at, _)| *at == i) {
            self.mention(k);
            return Some((if self.consumed.contains(&(i + 1)) && t.get(i + 1).is_some_and(|n| n.starts_with("ball")) { 2 } else { 1 }, k));
        }
        // "bowling ball", "tennis balls": the first word says which ball.
        let ball_word = t.get(i + 1).is_some_and(|n| n == "ball" || n == "balls");
        let mut noun = lookup(words::NOUNS, w)?;
        let mut took = 1;
        if ball_word && noun.kind == "ball" && w != "ball" {
            noun.plural = t[i + 1] == "balls";
            took = 2;
        } else if noun.kind != "ball" && ball_word || matches!(w, "tennis" | "bowling" | "soccer") {
            // "bowling pins", "a tennis court": the word names a ball only before "ball".
            return None;
        }
        // "can" is a noun only after a determiner, a number or an adjective.
        let prev = if i > 0 { t[i - 1].as_str() } else { "|" };
        if w == "can" && !(INDEFINITE.contains(&prev) || DETERMINERS.contains(&prev) || number(prev).is_some()) {
            return None;
        }
        // Words before it, back to a break, a verb or another noun.
        let mut count = None;
        let (mut color, mut scale, mut layout, mut age, mut height) = (noun.color, noun.scale, None, noun.age, noun.height_m);
        let mut definite = false;
        let mut indefinite = false;
        // "a row of dominoes": the article counts the row, not the dominoes.
        let mut past_of = false;
        let mut j = i;
        while j > 0 && i - j < 5 {
            j -= 1;
            let p = t[j].as_str();
            if p == "|" || lookup(words::NOUNS, p).is_some() && p != "ball" || lookup(words::VERBS, p).is_some() {
                break;
            }
            if p == "of" {
                past_of = true;
            }
            if let Some(n) = number(p).filter(|_| !past_of || !matches!(p, "a" | "an" | "one")) {
                count = count.or(Some(n));
                indefinite |= true;
            }
            if DETERMINERS.contains(&p) {
                definite = true;
            }
            if INDEFINITE.contains(&p) {
                indefinite = true;
            }
            color = color.or(lookup(words::COLOR_WORDS, p));
            if let Some(s) = lookup(words::SIZE_WORDS, p) {
                // A "small child" is a child's size already; a "tiny" one is table-top size.
                if noun.height_m.is_none() || s < 0.5 {
                    scale = Some(scale.unwrap_or(1.0) * s);
                }
            }
            if let Some(l) = lookup(GROUP_WORDS, p) {
                layout = Some(l);
            }
            match p {
                "old" | "elderly" | "aged" => age = Some(75.0),
                "young" => age = age.or(Some(20.0)),
                "tall" => height = Some(height.unwrap_or(1.75) * 1.1),
                "short" => height = Some(height.unwrap_or(1.75) * 0.9),
                _ => {}
            }
        }
        self.consumed.extend(i..i + took);
        let plural = noun.plural || count.is_some_and(|c| c > 1);
        // A mention of one already named: "the ball", "the man", "it".
        let same = (0..self.called.len()).rev().find(|&k| self.called[k] == w || self.brief.things[k].kind == noun.kind && !indefinite);
        let index = match same {
            Some(k) if definite || !indefinite => k,
            _ if self.brief.things.len() >= MAX_THINGS => return None,
            _ => {
                let n_count = count.unwrap_or(if plural { default_count(noun.kind, layout) } else { 1 });
                self.brief.things.push(thing(noun, w, n_count, color, scale, layout, age, height));
                self.called.push(w.to_string());
                self.brief.things.len() - 1
            }
        };
        self.read_at.push((i, index));
        self.mention(index);
        self.relation(t, i + took, index);
        Some((took, index))
    }

    fn mention(&mut self, index: usize) {
        if is_actor(&self.brief.things[index].kind) {
            self.last_actor = Some(index);
            self.clause_actor = Some(index);
            if !self.clause_actors.contains(&index) {
                self.clause_actors.push(index);
            }
        } else {
            if self.last_thing != Some(index) {
                self.prev_thing = self.last_thing;
            }
            self.last_thing = Some(index);
            self.clause_thing = Some(index);
            if !self.clause_things.contains(&index) {
                self.clause_things.push(index);
            }
        }
    }

    fn pronoun(&mut self, w: &str) {
        match w {
            "he" | "she" | "him" | "they" | "them" => self.clause_actor = self.last_actor,
            "it" => self.clause_thing = self.last_thing,
            _ => {}
        }
    }

    /// "X on (top of) a table", "X across a table": where X starts.
    fn relation(&mut self, t: &[String], at: usize, index: usize) {
        let mut at = at;
        while t.get(at).is_some_and(|w| STILL_WORDS.contains(&w.as_str())) && at < t.len() {
            at += 1;
        }
        let Some(p) = t.get(at) else { return };
        if !matches!(p.as_str(), "on" | "atop" | "upon" | "across" | "along") {
            return;
        }
        // "three cups on it": the thing named before these.
        let it = t.get(at + 1).is_some_and(|w| w == "it") && self.last_thing == Some(index);
        let sup = if it { self.prev_thing.filter(|&k| SUPPORTS.contains(&self.brief.things[k].kind.as_str())) } else { self.support_after(t, at + 1) };
        if let Some(sup) = sup {
            if sup != index && (p != "across" && p != "along" || self.brief.things[sup].kind == "table") {
                self.brief.things[index].on = Some(self.brief.things[sup].name.clone());
            }
        }
    }

    /// The support named within a few words after `from` (a table, a box, a cushion…),
    /// made if it is new.
    fn support_after(&mut self, t: &[String], from: usize) -> Option<usize> {
        self.thing_after(t, from).filter(|&k| SUPPORTS.contains(&self.brief.things[k].kind.as_str()))
    }

    /// The thing named within four words after `from`, read as a noun (made if new).
    fn thing_after(&mut self, t: &[String], from: usize) -> Option<usize> {
        for j in from..(from + 5).min(t.len()) {
            let w = t[j].as_str();
            if matches!(w, "|" | "while" | "as" | "and" | "then" | "but" | "when" | "meanwhile") {
                return None;
            }
            if matches!(w, "it" | "him" | "her" | "them") {
                return if w == "it" { self.last_thing } else { self.last_actor };
            }
            if lookup(words::NOUNS, w).is_some() {
                let (la, lt, ca, ct) = (self.last_actor, self.last_thing, self.clause_actor, self.clause_thing);
                let (cas, cts) = (self.clause_actors.clone(), self.clause_things.clone());
                let (_, found) = self.noun(t, j)?;
                // Naming the object is not a new subject.
                (self.clause_actors, self.clause_things) = (cas, cts);
                (self.last_actor, self.clause_actor) = (la, ca);
                if !is_actor(&self.brief.things[found].kind) {
                    (self.last_thing, self.clause_thing) = (Some(found), Some(found));
                } else {
                    (self.last_thing, self.clause_thing) = (lt, ct);
                }
                return Some(found);
            }
        }
        None
    }

    fn last_mentioned(&self, w: &str) -> Option<usize> {
        let noun = lookup(words::NOUNS, w)?;
        (0..self.called.len())
            .rev()
            .find(|&k| self.called[k] == w)
            .or_else(|| (0..self.brief.things.len()).rev().find(|&k| self.brief.things[k].kind == noun.kind))
    }

    /// A verb at `i` whose subject is an actor: a step.
    fn verb(&mut self, t: &[String], i: usize) {
        let w = t[i].as_str();
        let Some(motion) = lookup(words::VERBS, w) else {
            return;
        };
        let prev = if i > 0 { t[i - 1].as_str() } else { "|" };
        if matches!(prev, "is" | "are" | "was" | "gets" | "time") {
            return; // passive, or "time stops"
        }
        if (w == "stands" || w == "turns" || w == "watch") && t.get(i + 1).is_some_and(|n| n == "still" || n == "|") {
            return;
        }
        let introduced = i >= 2 && introduces(&t[i - 2]) || i >= 3 && introduces(&t[i - 3]);
        if self.clause_actor.is_none() && is_unknown_subject(prev) && introduced && self.brief.things.len() < MAX_THINGS {
            // "An astronaut walks": someone the reading does not know; `ask.rs` asks what.
            let name = prev.replace('-', "_");
            self.brief.things.push(Thing { name: name.clone(), kind: "person".into(), count: 1, ..Default::default() });
            self.called.push(prev.to_string());
            self.unknown.push(name);
            self.mention(self.brief.things.len() - 1);
        }
        let Some(who) = self.clause_actor.or(self.last_actor) else { return };
        // "A robot and a monkey wave": a plain verb after two doers is done by each.
        let doers: Vec<usize> = if !w.ends_with('s') && self.clause_actors.len() > 1 { self.clause_actors.clone() } else { vec![who] };
        for (n, &who) in doers.iter().enumerate() {
            self.step(t, i, who, motion, prev, n > 0);
        }
    }

    fn step(&mut self, t: &[String], i: usize, who: usize, mut motion: &'static str, prev: &str, with_first: bool) {
        let next = t.get(i + 1).map(String::as_str).unwrap_or("|");
        if motion == "jump" && (next == "down" && !t.get(i + 2).is_some_and(|n| n == "onto" || n == "into")) {
            motion = "jump_down";
        }
        if motion == "jump" && next == "off" && t.get(i + 2).is_some_and(|n| n == "|" || n == "the" && t.get(i + 3).is_some_and(|e| e == "edge" || e == "end"))
        {
            motion = "jump_down";
        }
        if motion == "stop" && prev == "time" {
            return;
        }
        let mut step =
            Step { who: self.brief.things[who].name.clone(), motion: motion.into(), together: self.clause_together || with_first, ..Default::default() };
        step.seconds = seconds_after(t, i);
        step.in_turn = self.brief.things[who].count > 1 && in_turn_near(t, i);
        // What it is done to: the next thing named in the clause.
        let from = i + 1;
        let prep = t.get(from).map(String::as_str).unwrap_or("");
        if matches!(prep, "off" | "from") {
            if let Some(sup) = self.support_after(t, from + 1) {
                self.brief.things[who].on = Some(self.brief.things[sup].name.clone());
                if motion == "jump" {
                    step.motion = "jump_down".into();
                }
            }
            // "… off a table onto a cushion": where it lands.
            if let Some(k) = (from + 1..(from + 8).min(t.len())).take_while(|&k| t[k] != "|").find(|&k| t[k] == "onto" || t[k] == "into") {
                if let Some(obj) = self.thing_after(t, k + 1).filter(|&o| o != who) {
                    step.object = Some(self.brief.things[obj].name.clone());
                    if step.motion == "jump_down" {
                        step.motion = "jump".into();
                    }
                }
            }
        } else if prep == "across" || prep == "along" {
            self.relation(t, from, who);
        } else if TRANSITIVE.contains(&motion) || matches!(prep, "to" | "toward" | "towards" | "into" | "onto" | "at" | "over" | "on" | "past" | "around") {
            step.around = prep == "around";
            let from = if TRANSITIVE.contains(&motion) { from } else { from + 1 };
            if let Some(obj) = self.object_after(t, from) {
                if obj != who && motion == "jump" && prep == "over" {
                    step.over = Some(self.brief.things[obj].name.clone());
                } else if obj != who {
                    step.object = Some(self.brief.things[obj].name.clone());
                    if motion == "throw" || motion == "kick" {
                        // "throws a ball at a stack of cans": where it goes.
                        let after = (from + 1..(from + 6).min(t.len())).find(|&k| matches!(t[k].as_str(), "at" | "to" | "toward" | "towards" | "into"));
                        if let Some(target) = after.and_then(|k| self.thing_after(t, k + 1)).filter(|&x| x != obj && x != who) {
                            self.brief.things[obj].toward = Some(self.brief.things[target].name.clone());
                        }
                    }
                }
            }
        }
        // "… a wooden chair and sits down": a seat named before is where one sits.
        if step.motion == "sit" && step.object.is_none() {
            step.object = self.brief.things.iter().rev().find(|th| th.kind == "chair").map(|th| th.name.clone());
        }
        self.brief.steps.push(step);
    }

    /// The object of a verb: after "onto", "into", "to", "toward", "at", "on", "over", or
    /// directly ("kicks a ball").
    fn object_after(&mut self, t: &[String], from: usize) -> Option<usize> {
        let mut j = from;
        while j < t.len() && matches!(t[j].as_str(), "down" | "up" | "over" | "around" | "back" | "slowly" | "quickly" | "high") {
            j += 1;
        }
        self.thing_after(t, j)
    }

    /// A prop's own motion: rolls, is dropped, is thrown, collides; "lands on".
    fn prop_motion(&mut self, t: &[String], i: usize) {
        let w = t[i].as_str();
        if w == "lands" || w == "landing" {
            // "… and lands on a cushion": the last jump's object.
            if let Some(sup) = self.support_after(t, i + 1) {
                if let Some(step) = self.brief.steps.iter_mut().rev().find(|s| s.motion.starts_with("jump")) {
                    step.object = Some(self.brief.things[sup].name.clone());
                    step.motion = "jump".into();
                }
            }
            return;
        }
        let moving = match w {
            "rolls" | "roll" | "rolling" | "rolled" | "slides" => "rolls",
            "dropped" | "drops" | "drop" | "falls" | "fall" | "falling" | "released" => "dropped",
            // A ball that bounces has to come down first.
            "bounces" | "bouncing" | "bounce"
                if self.clause_things.first().is_some_and(|&k| self.brief.things[k].kind == "ball" && self.brief.things[k].moving.is_none()) =>
            {
                "dropped"
            }
            "thrown" | "tossed" | "launched" | "flies" | "lobbed" => "thrown",
            "pushed" | "nudged" | "shoved" => "pushed",
            "collide" | "collides" | "colliding" | "crash" => "toward",
            // "a heavy ball knocks down the pins": it rolls into what it knocks over.
            "knocks" | "hits" | "strikes" | "smashes" if self.clause_actor.is_none() => "rolls",
            _ => return,
        };
        // Whose motion: the clause's subject (its first thing); all of them for a plural
        // ("a big ball and a tiny ball are dropped").
        let prev = if i > 0 { t[i - 1].as_str() } else { "|" };
        let subjects: Vec<usize> = match (self.clause_things.first(), prev) {
            (Some(_), "are" | "were") => self.clause_things.clone(),
            (Some(&k), _) => vec![k],
            (None, _) => self.last_thing.into_iter().collect(),
        };
        // An actor's own verb ("a child rolls a ball") moves the ball it names after.
        let subjects = if subjects.is_empty() && self.clause_actor.is_some() { self.thing_after(t, i + 1).into_iter().collect() } else { subjects };
        let toward_each_other = t.iter().skip(i).take(6).any(|x| x == "each") || moving == "toward";
        for k in subjects {
            let th = &self.brief.things[k];
            if moving == "dropped" && matches!(th.kind.as_str(), "domino" | "pin" | "can" | "box") && th.count > 1 {
                continue; // a row falling over is hit, not dropped
            }
            if is_actor(&th.kind) || th.moving.is_some() && moving == "dropped" {
                continue;
            }
            self.brief.things[k].moving = Some(if toward_each_other { "toward" } else { moving }.into());
            self.where_to(t, i + 1, k);
        }
        if toward_each_other {
            self.split_toward();
        }
    }

    /// Where a moving thing goes, read from the rest of its clause: along or down a support
    /// it starts on, off one, into or at a target.
    fn where_to(&mut self, t: &[String], from: usize, k: usize) {
        let end = (from..t.len()).find(|&j| t[j] == "|" || t[j] == "and" || t[j] == "while").unwrap_or(t.len()).min(from + 10);
        let mut j = from;
        while j < end {
            match t[j].as_str() {
                "across" | "along" | "down" | "on" => {
                    if let Some(sup) = self.support_after(t, j + 1) {
                        self.brief.things[k].on = Some(self.brief.things[sup].name.clone());
                    }
                }
                "off" | "from" => {
                    let edge = t.get(j + 1).is_some_and(|n| n == "the") && t.get(j + 2).is_some_and(|n| n == "edge" || n == "end");
                    if let Some(sup) = self.support_after(t, j + if edge { 4 } else { 1 }) {
                        self.brief.things[k].on = Some(self.brief.things[sup].name.clone());
                    }
                }
                "into" | "at" | "toward" | "towards" | "onto" => {
                    if t.get(j + 1).is_some_and(|n| n == "each") {
                        j += 1;
                        continue;
                    }
                    if let Some(target) = self.thing_after(t, j + 1).filter(|&x| x != k) {
                        self.brief.things[k].toward = Some(self.brief.things[target].name.clone());
                    }
                }
                _ => {}
            }
            j += 1;
        }
    }

    /// A word right after an actor that reads like a verb but is not one the reading knows.
    fn unknown_verb(&mut self, t: &[String], i: usize) {
        let w = t[i].as_str();
        let Some(a) = self.clause_actor else { return };
        let after_actor = i > 0 && self.read_at.iter().any(|(at, k)| *at == i - 1 && *k == a) || i > 0 && matches!(t[i - 1].as_str(), "he" | "she" | "they");
        let verb_like = w.len() > 3 && (w.ends_with('s') && !w.ends_with("ss") || w.ends_with("ing"));
        let known =
            lookup(words::VERBS, w).is_some() || lookup(words::NOUNS, w).is_some() || lookup(words::UNSHOWABLE, w).is_some() || STILL_WORDS.contains(&w);
        let prop_verb = matches!(
            w,
            "rolls"
                | "falls"
                | "drops"
                | "lands"
                | "bounces"
                | "slides"
                | "is"
                | "was"
                | "has"
                | "does"
                | "looks"
                | "seems"
                | "takes"
                | "makes"
                | "gives"
                | "gets"
                | "starts"
                | "begins"
                | "keeps"
                | "tries"
                | "goes"
                | "comes"
                | "holds"
                | "holding"
                | "wearing"
                | "wears"
        );
        if after_actor && verb_like && !known && !prop_verb && self.unknown_verbs.len() < 3 {
            self.unknown_verbs.push((a, w.to_string()));
        }
    }
}

fn in_turn_near(t: &[String], i: usize) -> bool {
    let window: Vec<&str> = t.iter().skip(i).take(7).map(String::as_str).collect();
    let s = window.join(" ");
    s.contains("one after another") || s.contains("in turn") || s.contains("one by one") || s.contains("one after the other")
}

/// A word that can stand before a noun: an article, a number, a colour, a size.
fn introduces(w: &str) -> bool {
    DETERMINERS.contains(&w)
        || INDEFINITE.contains(&w)
        || number(w).is_some()
        || lookup(words::COLOR_WORDS, w).is_some()
        || lookup(words::SIZE_WORDS, w).is_some()
        || matches!(w, "old" | "young" | "tall" | "short")
}

fn is_unknown_subject(w: &str) -> bool {
    w.len() > 2
        && w.chars().all(|c| c.is_ascii_lowercase())
        && lookup(words::NOUNS, w).is_none()
        && lookup(words::VERBS, w).is_none()
        && lookup(words::UNSHOWABLE, w).is_none()
        && lookup(words::SETS, w).is_none()
        && lookup(words::SKIES, w).is_none()
        && lookup(words::COLOR_WORDS, w).is_none()
        && lookup(words::SIZE_WORDS, w).is_none()
        && !matches!(
            w,
            "the"
                | "and"
                | "then"
                | "who"
                | "that"
                | "also"
                | "both"
                | "all"
                | "she"
                | "him"
                | "her"
                | "they"
                | "them"
                | "one"
                | "other"
                | "each"
                | "first"
                | "still"
                | "while"
                | "slowly"
                | "quickly"
                | "middle"
                | "camera"
                | "time"
        )
}

pub fn is_actor(kind: &str) -> bool {
    reel_check::stdlib::lib().archetype(kind).is_some_and(|a| a.class == "actor")
}

fn default_count(kind: &str, layout: Option<&str>) -> u32 {
    match (kind, layout) {
        ("domino", _) => 12,
        ("pin", _) => 6,
        ("can", _) => 3,
        ("box", Some("stack")) => 3,
        ("person", _) => 2,
        (_, Some("stack")) => 3,
        (_, Some(_)) => 5,
        _ => 2,
    }
}

#[allow(clippy::too_many_arguments)]
fn thing(noun: Noun, word: &str, count: u32, color: Option<&str>, scale: Option<f32>, layout: Option<&str>, age: Option<f32>, height: Option<f32>) -> Thing {
    let actor = is_actor(noun.kind);
    // A size word scales an actor's height; "tiny" people and monkeys are table-top size.
    let height_m = if actor {
        let base = height.or(match noun.kind {
            "monkey" => Some(0.6),
            _ => None,
        });
        match scale {
            // "small" and "little" people and robots are half size; "tiny" ones table-top.
            Some(s) if s < 1.0 => Some(base.unwrap_or(1.7) * s.min(0.5)),
            Some(s) => Some((base.unwrap_or(1.75) * s.min(1.3)).min(2.3)),
            None => base,
        }
    } else {
        None
    };
    let layout = layout.or(match noun.kind {
        "domino" if count > 1 => Some("line"),
        _ => None,
    });
    Thing {
        name: if count > 1 { word.to_string() } else { singular(word) }.replace('-', "_"),
        kind: noun.kind.into(),
        count,
        color: color.map(str::to_string),
        height_m,
        age,
        gender: noun.gender.map(str::to_string),
        scale: if actor { None } else { scale },
        layout: layout.map(str::to_string),
        ..Default::default()
    }
}

fn singular(w: &str) -> String {
    for end in ["oes", "xes", "ches", "shes", "sses"] {
        if let Some(stem) = w.strip_suffix(end) {
            return format!("{stem}{}", &end[..end.len() - 2]);
        }
    }
    match w.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && stem.len() > 1 => stem.to_string(),
        _ => w.to_string(),
    }
}
