//! The plan, second form: a *brief* of the film (what is there and how many, where, who does
//! what in which order, what the camera does, what time does) whose vocabulary is the
//! stdlib's own. Its JSON schema is generated from the stdlib (actor and prop archetypes,
//! sets, motions and their parameters, camera moves, stock materials), so a name added to
//! the stdlib is in the schema without a hand-kept list; a test holds every name there.
//!
//! A brief is written by the deterministic reading of the prompt (`read.rs`), completed by
//! the model's answers to small questions (`ask.rs`), or written whole by a capable model
//! under `schema()`; either way `clean` validates it again before `stage.rs` lowers it.

use reel_check::stdlib;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const SKIES: &[&str] = &["noon", "evening", "overcast"];
/// Everyday colour names and the colour each lowers to (both plan forms use them).
pub const COLORS: &[(&str, &str)] = &[
    ("red", "#d03020"),
    ("orange", "#e07020"),
    ("yellow", "#e0c030"),
    ("green", "#3a9a40"),
    ("blue", "#3060c0"),
    ("purple", "#7040a0"),
    ("pink", "#e070a0"),
    ("brown", "#8a5a3c"),
    ("tan", "#e0b090"),
    ("gold", "#c8912e"),
    ("white", "#f0f0ea"),
    ("grey", "#8a8a8a"),
    ("black", "#202020"),
];
pub const MOVINGS: &[&str] = &["rolls", "dropped", "thrown", "pushed", "toward"];
pub const LAYOUTS: &[&str] = &["line", "stack", "arc", "grid"];
pub const MAX_THINGS: usize = 8;
pub const MAX_STEPS: usize = 12;
pub const MAX_SHOTS: usize = 6;
/// Most members of one group (a row of dominoes, a crowd).
pub const MAX_COUNT: u32 = 40;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Brief {
    #[serde(default)]
    pub title: String,
    /// A stdlib set the film happens in.
    #[serde(default)]
    pub set: Option<String>,
    #[serde(default)]
    pub sky: Option<String>,
    /// The floor's stock material.
    #[serde(default)]
    pub ground: Option<String>,
    #[serde(default)]
    pub things: Vec<Thing>,
    #[serde(default)]
    pub steps: Vec<Step>,
    #[serde(default)]
    pub shots: Vec<Shot>,
    #[serde(default)]
    pub slow_motion: bool,
    /// Screen seconds story time stands still at the first jump's top (0: none).
    #[serde(default)]
    pub freeze_secs: f32,
    /// What the prompt asks that reel cannot show (water, fire, a dog): said in a comment.
    #[serde(default)]
    pub left_out: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Thing {
    pub name: String,
    /// A stdlib actor or prop archetype.
    pub kind: String,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub height_m: Option<f32>,
    #[serde(default)]
    pub age: Option<f32>,
    #[serde(default)]
    pub gender: Option<String>,
    /// A bigger or a smaller one than usual (a big ball, a large box).
    #[serde(default)]
    pub scale: Option<f32>,
    /// The name of the thing it starts on (a table, a box).
    #[serde(default)]
    pub on: Option<String>,
    /// How it moves by itself: rolls | dropped | thrown | pushed | toward (at another: a
    /// collision).
    #[serde(default)]
    pub moving: Option<String>,
    /// The thing it moves toward (rolled into the pins, thrown at the wall, into the bin).
    #[serde(default)]
    pub toward: Option<String>,
    /// How a group stands: line | stack | arc | grid.
    #[serde(default)]
    pub layout: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Step {
    /// An actor thing's name.
    pub who: String,
    /// A stdlib motion.
    pub motion: String,
    /// The thing it is done to or toward (kick the ball, climb onto the box, walk to the chair).
    #[serde(default)]
    pub object: Option<String>,
    #[serde(default)]
    pub seconds: Option<f32>,
    /// Starts with the step before it (another actor's: "while").
    #[serde(default)]
    pub together: bool,
    /// Members of a group do it one after another.
    #[serde(default)]
    pub in_turn: bool,
    /// A walk or a run around its object rather than to it.
    #[serde(default)]
    pub around: bool,
    /// What a jump goes over (its `object` is where it lands).
    #[serde(default)]
    pub over: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Shot {
    /// A stdlib camera move.
    #[serde(rename = "move")]
    pub mv: String,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub seconds: Option<f32>,
}

/// The names the stdlib gives each part of a brief, read from the stdlib itself.
pub struct Vocabulary {
    pub actors: Vec<&'static str>,
    pub props: Vec<&'static str>,
    pub sets: Vec<&'static str>,
    /// Actor motions, with their parameters' names.
    pub motions: Vec<(&'static str, Vec<&'static str>)>,
    pub moves: Vec<(&'static str, Vec<&'static str>)>,
    pub materials: Vec<String>,
}

pub fn vocabulary() -> Vocabulary {
    let lib = stdlib::lib();
    let of = |class: &str| lib.archetypes.iter().filter(|a| a.class == class).map(|a| a.name).collect::<Vec<_>>();
    let params = |m: &stdlib::MotionSpec| m.params.iter().map(|p| p.keyword.unwrap_or(p.name)).collect::<Vec<_>>();
    Vocabulary {
        actors: of("actor"),
        props: of("prop"),
        sets: of("set"),
        motions: lib.motions.iter().filter(|m| m.actor).map(|m| (m.name, params(m))).collect(),
        moves: lib.motions.iter().filter(|m| !m.actor).map(|m| (m.name, params(m))).collect(),
        materials: lib.materials.iter().map(|m| m.name.name.clone()).collect(),
    }
}

fn words(ws: &[&str]) -> Value {
    json!({"type": "string", "enum": ws})
}

/// The brief's JSON schema: every enum is the stdlib's; each motion's and move's
/// parameters are in its description.
pub fn schema() -> Value {
    let v = vocabulary();
    let kinds: Vec<&str> = v.actors.iter().chain(&v.props).copied().collect();
    let mats: Vec<&str> = v.materials.iter().map(String::as_str).collect();
    let colors: Vec<&str> = COLORS.iter().map(|c| c.0).collect();
    let described = |list: &[(&str, Vec<&str>)]| list.iter().map(|(n, ps)| format!("{n}({})", ps.join(", "))).collect::<Vec<_>>().join("; ");
    let motion_names: Vec<&str> = v.motions.iter().map(|m| m.0).collect();
    let move_names: Vec<&str> = v.moves.iter().map(|m| m.0).collect();
    json!({
        "type": "object",
        "properties": {
            "title": {"type": "string", "maxLength": 60},
            "set": words(&v.sets),
            "sky": words(SKIES),
            "ground": words(&mats),
            "things": {"type": "array", "maxItems": MAX_THINGS, "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,15}$"},
                    "kind": words(&kinds),
                    "count": {"type": "integer", "minimum": 1, "maximum": MAX_COUNT},
                    "color": words(&colors),
                    "height_m": {"type": "number", "minimum": 0.1, "maximum": 3.0},
                    "age": {"type": "number", "minimum": 3, "maximum": 95},
                    "gender": words(&["female", "male"]),
                    "scale": {"type": "number", "minimum": 0.3, "maximum": 4.0},
                    "on": {"type": "string"},
                    "moving": words(MOVINGS),
                    "toward": {"type": "string"},
                    "layout": words(LAYOUTS)
                },
                "required": ["name", "kind"]
            }},
            "steps": {"type": "array", "maxItems": MAX_STEPS, "items": {
                "type": "object",
                "description": described(&v.motions),
                "properties": {
                    "who": {"type": "string"},
                    "motion": words(&motion_names),
                    "object": {"type": "string"},
                    "seconds": {"type": "number", "minimum": 0.2, "maximum": 20},
                    "together": {"type": "boolean"},
                    "in_turn": {"type": "boolean"},
                    "around": {"type": "boolean"},
                    "over": {"type": "string"}
                },
                "required": ["who", "motion"]
            }},
            "shots": {"type": "array", "maxItems": MAX_SHOTS, "items": {
                "type": "object",
                "description": described(&v.moves),
                "properties": {
                    "move": words(&move_names),
                    "target": {"type": "string"},
                    "seconds": {"type": "number", "minimum": 0.2, "maximum": 20}
                },
                "required": ["move"]
            }},
            "slow_motion": {"type": "boolean"},
            "freeze_secs": {"type": "number", "minimum": 0, "maximum": 6},
            "left_out": {"type": "array", "maxItems": 6, "items": {"type": "string", "maxLength": 30}}
        },
        "required": ["things"]
    })
}

/// Validate a brief (from the reading, the model, or a file): unknown kinds, motions and
/// moves are dropped, names made unique identifiers, references to missing things cut,
/// numbers clamped, lists bounded. Returns what was dropped, for the report.
pub fn clean(mut b: Brief) -> (Brief, Vec<String>) {
    let v = vocabulary();
    let mut dropped = Vec::new();
    b.title = b.title.chars().filter(|c| !c.is_control() && *c != '"' && *c != '\\').take(60).collect();
    b.set = b.set.filter(|s| v.sets.contains(&s.as_str()));
    b.sky = b.sky.filter(|s| SKIES.contains(&s.as_str()));
    b.ground = b.ground.filter(|g| v.materials.iter().any(|m| m == g));
    b.things.retain(|t| {
        let ok = v.actors.contains(&t.kind.as_str()) || v.props.contains(&t.kind.as_str());
        if !ok {
            dropped.push(format!("a thing of kind `{}`", t.kind));
        }
        ok
    });
    b.things.truncate(MAX_THINGS);
    let mut renames = BTreeMap::new();
    let mut taken: Vec<String> = Vec::new();
    for t in &mut b.things {
        let name = crate::plan::ident(&t.name, &mut taken, &t.kind);
        renames.entry(t.name.clone()).or_insert_with(|| name.clone());
        t.name = name;
        t.count = t.count.clamp(1, MAX_COUNT);
        t.color = t.color.take().filter(|c| COLORS.iter().any(|k| k.0 == c));
        t.height_m = t.height_m.filter(|h| h.is_finite()).map(|h| h.clamp(0.1, 3.0));
        t.age = t.age.filter(|a| a.is_finite()).map(|a| a.clamp(3.0, 95.0));
        t.gender = t.gender.take().filter(|g| g == "female" || g == "male");
        t.scale = t.scale.filter(|s| s.is_finite()).map(|s| s.clamp(0.3, 4.0));
        t.moving = t.moving.take().filter(|m| MOVINGS.contains(&m.as_str()));
        t.layout = t.layout.take().filter(|l| LAYOUTS.contains(&l.as_str()));
    }
    let rename = |n: &Option<String>| n.as_ref().and_then(|n| renames.get(n).cloned());
    for i in 0..b.things.len() {
        let on = rename(&b.things[i].on).or_else(|| piece(&b.set, &b.things[i].on)).filter(|o| *o != b.things[i].name);
        let toward = rename(&b.things[i].toward).or_else(|| piece(&b.set, &b.things[i].toward)).filter(|o| *o != b.things[i].name);
        b.things[i].on = on;
        b.things[i].toward = toward;
    }
    let set = b.set.clone();
    let actors: Vec<String> = b.things.iter().filter(|t| v.actors.contains(&t.kind.as_str())).map(|t| t.name.clone()).collect();
    b.steps.retain_mut(|s| {
        s.who = renames.get(&s.who).cloned().unwrap_or_default();
        s.object = rename(&s.object).or_else(|| piece(&set, &s.object));
        s.over = rename(&s.over).or_else(|| piece(&set, &s.over));
        s.seconds = s.seconds.filter(|x| x.is_finite()).map(|x| x.clamp(0.2, 20.0));
        let ok = actors.contains(&s.who) && v.motions.iter().any(|m| m.0 == s.motion);
        if !ok {
            dropped.push(format!("a step `{} {}`", s.who, s.motion));
        }
        ok
    });
    b.steps.truncate(MAX_STEPS);
    b.shots.retain_mut(|s| {
        s.target = rename(&s.target).or_else(|| piece(&set, &s.target));
        s.seconds = s.seconds.filter(|x| x.is_finite()).map(|x| x.clamp(0.2, 20.0));
        v.moves.iter().any(|m| m.0 == s.mv)
    });
    b.shots.truncate(MAX_SHOTS);
    b.freeze_secs = if b.freeze_secs.is_finite() { b.freeze_secs.clamp(0.0, 6.0) } else { 0.0 };
    b.left_out = b.left_out.iter().map(|w| w.chars().filter(|c| c.is_alphanumeric() || *c == ' ').take(30).collect()).collect();
    b.left_out.truncate(6);
    (b, dropped)
}

/// A set's pieces: (name, kind), from the set's own declaration in the stdlib; a group of
/// pieces by its first member (`trees[1]`).
pub fn pieces(set: &str) -> Vec<(String, &'static str)> {
    let Some(a) = stdlib::lib().archetype(set).filter(|a| a.class == "set") else { return Vec::new() };
    a.pieces
        .iter()
        .filter_map(|p| match p {
            reel_syntax::Piece::Prop(e) => {
                let kind = stdlib::lib().archetype(&e.archetype.name).map(|k| k.name)?;
                // A group of pieces (the park's trees) is named by its first member.
                let group = e.props.as_ref().is_some_and(|b| b.props.iter().any(|p| p.key.name == "count"));
                Some((if group { format!("{}[1]", e.name.name) } else { e.name.name.clone() }, kind))
            }
            _ => None,
        })
        .collect()
}

/// A name that is one of the set's pieces.
fn piece(set: &Option<String>, name: &Option<String>) -> Option<String> {
    let (set, name) = (set.as_ref()?, name.as_ref()?);
    pieces(set).into_iter().any(|(p, _)| p == *name).then(|| name.clone())
}
