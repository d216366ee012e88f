//! Plan mode: the model fills two small JSON documents under schemas, and reel lowers them
//! into `.scene` text itself. First the cast (who and what is on stage), then the story
//! (what they do and what the camera does), whose schema names the cast's own names as
//! enums, so a small model cannot refer to someone who is not there.
//!
//! Everything the model says is validated again here (the schema is a hint to the server,
//! not a promise): names are made unique identifiers, numbers are clamped to the ranges
//! the schema gives, and a plan with nothing on stage is a problem sent back for repair.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

pub use crate::brief::{COLORS, SKIES};
/// Figure sizes: a word the model can pick, and the height it means.
pub const SIZES: &[(&str, f64)] = &[("tiny", 0.18), ("child", 1.2), ("adult", 1.75)];
pub const PROP_KINDS: &[&str] = &["ball", "box", "box_stack", "domino_row", "cup", "chair"];
pub const ACTIONS: &[&str] = &["walk", "run", "sprint", "jump", "wave", "swing_arm", "idle"];
pub const SHOTS: &[&str] = &["closeup", "medium", "wide", "extreme_wide", "follow", "orbit", "top_down", "low_angle", "high_angle"];

const MAX_ACTORS: usize = 3;
const MAX_PROPS: usize = 4;
const MAX_ACTIONS: usize = 6;
const MAX_SHOTS: usize = 5;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Cast {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub sky: String,
    #[serde(default)]
    pub table: bool,
    #[serde(default)]
    pub actors: Vec<ActorPlan>,
    #[serde(default)]
    pub props: Vec<PropPlan>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ActorPlan {
    pub name: String,
    #[serde(default)]
    pub color: String,
    #[serde(default)]
    pub size: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct PropPlan {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub color: String,
    #[serde(default)]
    pub on_table: bool,
    /// How hard it is pushed at the start, in m/s along +x (balls; a domino row is pushed
    /// by a ball rolled into it).
    #[serde(default)]
    pub push: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Story {
    #[serde(default)]
    pub actions: Vec<ActionPlan>,
    #[serde(default)]
    pub shots: Vec<ShotPlan>,
    /// Screen seconds that story time stands still at the first jump's apex (0: none).
    #[serde(default)]
    pub freeze_at_jump_apex: f64,
    #[serde(default)]
    pub slow_motion: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ActionPlan {
    pub actor: String,
    #[serde(rename = "do")]
    pub action: String,
    #[serde(default)]
    pub seconds: f64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ShotPlan {
    pub shot: String,
    pub target: String,
    #[serde(default)]
    pub seconds: f64,
}

fn name_schema() -> Value {
    json!({"type": "string", "pattern": "^[a-z][a-z0-9_]{1,11}$"})
}

fn words(ws: &[&str]) -> Value {
    json!({"type": "string", "enum": ws})
}

/// The cast's JSON schema.
pub fn cast_schema() -> Value {
    let colors: Vec<&str> = COLORS.iter().map(|c| c.0).collect();
    let sizes: Vec<&str> = SIZES.iter().map(|s| s.0).collect();
    json!({
        "type": "object",
        "properties": {
            "title": {"type": "string", "maxLength": 40},
            "sky": words(SKIES),
            "table": {"type": "boolean"},
            "actors": {"type": "array", "maxItems": MAX_ACTORS, "items": {
                "type": "object",
                "properties": {"name": name_schema(), "color": words(&colors), "size": words(&sizes)},
                "required": ["name", "color", "size"], "additionalProperties": false
            }},
            "props": {"type": "array", "maxItems": MAX_PROPS, "items": {
                "type": "object",
                "properties": {"name": name_schema(), "kind": words(PROP_KINDS), "color": words(&colors), "on_table": {"type": "boolean"},
                               "push": {"type": "integer", "minimum": 0, "maximum": 5}},
                "required": ["name", "kind", "color", "on_table", "push"], "additionalProperties": false
            }}
        },
        "required": ["title", "sky", "table", "actors", "props"],
        "additionalProperties": false
    })
}

/// The story's JSON schema for a given cast: actors and targets are enums of its names.
pub fn story_schema(cast: &Cast) -> Value {
    let actors: Vec<&str> = cast.actors.iter().map(|a| a.name.as_str()).collect();
    let mut targets = actors.clone();
    targets.extend(cast.props.iter().map(|p| p.name.as_str()));
    let mut props = serde_json::Map::new();
    let mut required = vec!["shots"];
    if !actors.is_empty() {
        props.insert(
            "actions".into(),
            json!({"type": "array", "maxItems": MAX_ACTIONS, "items": {
                "type": "object",
                "properties": {"actor": words(&actors), "do": words(ACTIONS), "seconds": {"type": "integer", "minimum": 1, "maximum": 6}},
                "required": ["actor", "do", "seconds"], "additionalProperties": false
            }}),
        );
        props.insert("freeze_at_jump_apex".into(), json!({"type": "integer", "minimum": 0, "maximum": 6}));
        required.push("actions");
        required.push("freeze_at_jump_apex");
    }
    props.insert(
        "shots".into(),
        json!({"type": "array", "minItems": 1, "maxItems": MAX_SHOTS, "items": {
            "type": "object",
            "properties": {"shot": words(SHOTS), "target": words(&targets), "seconds": {"type": "integer", "minimum": 1, "maximum": 6}},
            "required": ["shot", "target", "seconds"], "additionalProperties": false
        }}),
    );
    props.insert("slow_motion".into(), json!({"type": "boolean"}));
    required.push("slow_motion");
    json!({"type": "object", "properties": props, "required": required, "additionalProperties": false})
}

const RESERVED: &[&str] = &[
    "at",
    "after",
    "during",
    "freeze",
    "together",
    "as",
    "scene",
    "world",
    "prop",
    "actor",
    "camera",
    "light",
    "material",
    "timeline",
    "use",
    "cam",
    "desk",
    "archetype",
    "builtin",
    "on",
    "to",
    "over",
    "for",
];

/// A valid, unused identifier made from what the model wrote.
pub(crate) fn ident(raw: &str, used: &mut Vec<String>, fallback: &str) -> String {
    let mut s: String = raw.trim().to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(12).collect();
    s = s.trim_matches('_').to_string();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s = format!("{fallback}{s}");
    }
    if RESERVED.contains(&s.as_str()) || reel_std_name(&s) {
        s.push_str("_1");
    }
    let base = s.clone();
    let mut n = 2;
    while used.contains(&s) {
        s = format!("{base}_{n}");
        n += 1;
    }
    used.push(s.clone());
    s
}

/// Archetype and verb names would read badly as thing names (`prop ball = ball`); allowed,
/// but a clash with a stdlib name is avoided anyway.
fn reel_std_name(s: &str) -> bool {
    let lib = reel_check::stdlib::lib();
    lib.archetype(s).is_some() || lib.motion(s).is_some()
}

fn color_of(word: &str, default: &str) -> String {
    COLORS.iter().find(|c| c.0 == word.trim().to_ascii_lowercase()).map(|c| c.1).unwrap_or(default).to_string()
}

fn secs(x: f64, lo: f64, hi: f64, default: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        x.clamp(lo, hi)
    } else {
        default
    }
}

fn m(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    format!("{}m", if r == 0.0 { 0.0 } else { r })
}

fn s(x: f64) -> String {
    format!("{}s", (x * 10.0).round() / 10.0)
}

/// A problem with a plan that the model should fix.
pub type Problems = Vec<String>;

/// The cast, cleaned: identifiers valid and unique, lists bounded. Also returns the
/// problems a model must fix (nothing on stage).
pub fn clean_cast(mut cast: Cast) -> (Cast, Problems) {
    let mut used = Vec::new();
    cast.actors.truncate(MAX_ACTORS);
    cast.props.truncate(MAX_PROPS);
    for a in &mut cast.actors {
        a.name = ident(&a.name, &mut used, "actor");
    }
    for p in &mut cast.props {
        p.name = ident(&p.name, &mut used, "thing");
        if !PROP_KINDS.contains(&p.kind.as_str()) {
            p.kind = "ball".into();
        }
        p.push = if p.push.is_finite() { p.push.clamp(0.0, 5.0) } else { 0.0 };
    }
    if !SKIES.contains(&cast.sky.as_str()) {
        cast.sky = "noon".into();
    }
    cast.title = cast.title.chars().filter(|c| !c.is_control() && *c != '"' && *c != '\\').take(40).collect();
    if cast.title.trim().is_empty() {
        cast.title = "Untitled".into();
    }
    let mut problems = Vec::new();
    if cast.actors.is_empty() && cast.props.is_empty() {
        problems.push("the cast has no actors and no props: put at least one on stage".into());
    }
    (cast, problems)
}

/// Where a figure stands and how far its moves take it.
struct Figure {
    name: String,
    height: f64,
    on_table: bool,
    x: f64,
    z: f64,
}

/// Lower a cleaned cast and a story into scene text (unformatted; the caller formats and
/// checks it). Story entries that name no one in the cast are problems for the model.
/// The table every table-top cast shares: width, height, depth in metres.
const TABLE_M: (f64, f64, f64) = (2.4, 0.75, 1.0);

pub fn lower(cast: &Cast, story: &Story) -> (String, Problems) {
    let mut problems = Vec::new();
    let tiny = cast.actors.iter().any(|a| a.size == "tiny");
    let table = cast.table || tiny || cast.props.iter().any(|p| p.on_table);
    let mut out = lower_header(cast, table);
    let mut figures = lower_figures(cast, &mut out);
    let prop_targets = lower_props(cast, table, &mut out);
    let lens = if tiny { "35mm" } else { "28mm" };
    out += &format!("camera cam {{ lens {lens} }}\n");
    out += "timeline {\n";
    let first_jump = lower_actor_tracks(&mut figures, story, &mut out, &mut problems);
    lower_camera_track(&figures, &prop_targets, story, first_jump, &mut out, &mut problems);
    out += "    }\n}\n";
    (out, problems)
}

/// The scene block, `use`s, world and (when the cast needs one) the table.
fn lower_header(cast: &Cast, table: bool) -> String {
    let (table_w, table_h, table_d) = TABLE_M;
    let mut out = format!("scene \"{}\" {{ resolution 1280x720, fps 30 }}\n", cast.title);
    let mut uses: Vec<&str> = Vec::new();
    if table {
        uses.push("table");
    }
    for p in &cast.props {
        let a = match p.kind.as_str() {
            "box_stack" => "box",
            "domino_row" => "domino",
            k => PROP_KINDS.iter().find(|x| **x == k).copied().unwrap_or("ball"),
        };
        if !uses.contains(&a) {
            uses.push(a);
        }
        if p.kind == "domino_row" && p.push > 0.0 && !uses.contains(&"ball") {
            uses.push("ball");
        }
    }
    if !uses.is_empty() {
        out += &format!("use std.props.{{{}}}\n", uses.join(", "));
    }
    if !cast.actors.is_empty() {
        out += "use std.characters.humanoid\n";
    }
    out += &format!("world {{ gravity 9.81 m/s2, sky {}, sun {{ direction (-0.4, -1, -0.3), strength 3 }} }}\n", cast.sky);
    if table {
        out += &format!("prop desk = table {{ size ({}, {}, {}) }}\n", m(table_w), m(table_h), m(table_d));
    }
    out
}

/// The figures: tiny ones on the table, the others on the floor, spaced along z, facing +x.
fn lower_figures(cast: &Cast, out: &mut String) -> Vec<Figure> {
    let table_w = TABLE_M.0;
    let mut figures = Vec::new();
    for (i, a) in cast.actors.iter().enumerate() {
        let height = SIZES.iter().find(|s| s.0 == a.size).map(|s| s.1).unwrap_or(1.75);
        let on_table = height < 0.5;
        let spacing = if on_table { 0.3 } else { 1.5 };
        let z = (i as f64 - (cast.actors.len() as f64 - 1.0) / 2.0) * spacing;
        let x = if on_table { -table_w / 2.0 + 0.2 } else { -3.0 };
        let place = if on_table { format!("on desk at ({}, {}) facing +x", m(x), m(z)) } else { format!("at ({}, {})\n    facing +x", m(x), m(z)) };
        *out += &format!("actor {} = humanoid {{\n    height {}\n    color {}\n    {place}\n}}\n", a.name, m(height), color_of(&a.color, "#c8912e"));
        figures.push(Figure { name: a.name.clone(), height, on_table, x, z });
    }
    figures
}

/// The props: on the table's far half, or on the floor in a row behind the figures. Returns
/// (the name the plan gives, the prop a camera should aim at) for each.
fn lower_props(cast: &Cast, table: bool, out: &mut String) -> Vec<(String, String)> {
    let table_w = TABLE_M.0;
    let mut prop_targets: Vec<(String, String)> = Vec::new();
    for (i, p) in cast.props.iter().enumerate() {
        let color = color_of(&p.color, "#d03020");
        let on = p.on_table && table;
        let x = if on { 0.3 + 0.25 * i as f64 - table_w / 2.0 + 0.9 } else { -1.0 + 1.2 * i as f64 };
        let z = if on { 0.25 } else { 2.0 };
        let place2 = |x: f64, z: f64| if on { format!("on desk at ({}, {})", m(x), m(z)) } else { format!("at ({}, {})", m(x), m(z)) };
        match p.kind.as_str() {
            "ball" => {
                let r = if on { 0.04 } else { 0.12 };
                let at = if on { place2(x, z) } else { format!("at ({}, {}, {})", m(x), m(r), m(z)) };
                *out += &format!(
                    "prop {} = ball {{ radius {}, color {color}, {at}, velocity ({} m/s, 0 m/s, 0 m/s) }}\n",
                    p.name,
                    m(r),
                    (p.push * 10.0).round() / 10.0
                );
                prop_targets.push((p.name.clone(), p.name.clone()));
            }
            "box" | "cup" | "chair" => {
                let size = if p.kind == "box" && on { " size (10cm, 10cm, 10cm)," } else { "" };
                let at = if p.kind == "chair" { format!("at ({}, {})", m(x), m(z)) } else { place2(x, z) };
                *out += &format!("prop {} = {} {{{size} color {color}, {at} }}\n", p.name, p.kind);
                prop_targets.push((p.name.clone(), p.name.clone()));
            }
            "box_stack" => {
                let edge = if on { 0.08 } else { 0.3 };
                *out += &format!("prop {} = box {{ size ({e}, {e}, {e}), color {color}, {} }}\n", p.name, place2(x, z), e = m(edge));
                *out += &format!("prop {}_2 = box {{ size ({e}, {e}, {e}), color {color}, on {} }}\n", p.name, p.name, e = m(edge));
                *out += &format!("prop {}_3 = box {{ size ({e}, {e}, {e}), color {color}, on {}_2 }}\n", p.name, p.name, e = m(edge));
                prop_targets.push((p.name.clone(), p.name.clone()));
            }
            _ => {
                // A row of eight dominoes along x, the first named as the plan says.
                let step = 0.03;
                for k in 0..8 {
                    let name = if k == 0 { p.name.clone() } else { format!("{}_{}", p.name, k + 1) };
                    *out += &format!("prop {name} = domino {{ color {color}, {} }}\n", place2(x + step * k as f64, z));
                }
                if p.push > 0.0 {
                    let bx = x + step * 7.0 + 0.25;
                    let at = if on { place2(bx, z) } else { format!("at ({}, 0.03m, {})", m(bx), m(z)) };
                    *out += &format!(
                        "prop {}_pusher = ball {{ radius 3cm, color #d03020, {at}, velocity (-{} m/s, 0 m/s, 0 m/s) }}\n",
                        p.name,
                        (p.push.min(1.0) * 10.0).round() / 10.0
                    );
                }
                prop_targets.push((p.name.clone(), format!("{}_4", p.name)));
            }
        }
    }
    prop_targets
}

/// Each figure's track, in the order the story gives; the first jump's (actor, binding).
fn lower_actor_tracks(figures: &mut [Figure], story: &Story, out: &mut String, problems: &mut Problems) -> Option<(String, String)> {
    let table_w = TABLE_M.0;
    let mut first_jump: Option<(String, String)> = None;
    for f in figures.iter_mut() {
        let acts: Vec<&ActionPlan> = story.actions.iter().filter(|a| a.actor == f.name).take(MAX_ACTIONS).collect();
        if acts.is_empty() {
            // On stage for the whole film, standing.
            *out += &format!("    {} {{ idle }}\n", f.name);
            continue;
        }
        *out += &format!("    {} {{\n", f.name);
        let scale = f.height / 1.75;
        let (lo, hi) = if f.on_table { (-table_w / 2.0 + 0.1, table_w / 2.0 - 0.1) } else { (-8.0, 8.0) };
        let mut jumps = 0;
        for a in acts {
            let t = secs(a.seconds, 0.5, 6.0, 2.0);
            match a.action.as_str() {
                "walk" | "run" | "sprint" => {
                    let speed = match a.action.as_str() {
                        "walk" => 1.4,
                        "run" => 3.5,
                        _ => 6.0,
                    } * scale;
                    let to = (f.x + speed * t).clamp(lo, hi);
                    let t = if (to - f.x).abs() < 0.05 { 0.5 } else { t };
                    let on = if f.on_table { " on desk" } else { "" };
                    *out += &format!("        {} to ({}, {}){on} over {}\n", a.action, m(to), m(f.z), s(t));
                    f.x = to;
                }
                "jump" => {
                    // Heights in metres are honest at any scale: a tiny figure jumps 25cm.
                    let up = if f.on_table { 0.25 } else { 0.4 };
                    let forward: f64 = if f.on_table { 0.4f64 } else { 0.6 };
                    let forward = forward.min(hi - f.x).max(0.0);
                    jumps += 1;
                    let name = format!("{}_jump{}", f.name, jumps);
                    *out += &format!("        jump up {} forward {} as {name}\n", m(up), m(forward));
                    if first_jump.is_none() {
                        first_jump = Some((f.name.clone(), name));
                    }
                    f.x += forward;
                }
                "wave" => *out += &format!("        wave right_arm for {}\n", s(t)),
                "swing_arm" => *out += "        swing right_arm down\n",
                "idle" => *out += &format!("        idle for {}\n", s(t)),
                other => problems.push(format!("`{other}` is not one of the actions ({})", ACTIONS.join(", "))),
            }
        }
        *out += "    }\n";
    }
    for a in &story.actions {
        if !figures.iter().any(|f| f.name == a.actor) {
            problems.push(format!("an action names `{}`, who is not in the cast", a.actor));
        }
    }
    first_jump
}

/// The camera's track: the story's shots, a wide view when none can be used, and the
/// freeze at the first jump's apex.
fn lower_camera_track(
    figures: &[Figure],
    prop_targets: &[(String, String)],
    story: &Story,
    first_jump: Option<(String, String)>,
    out: &mut String,
    problems: &mut Problems,
) {
    *out += "    cam {\n";
    let target_of = |name: &str| -> Option<(String, f64)> {
        if let Some(f) = figures.iter().find(|f| f.name == name) {
            return Some((f.name.clone(), f.height));
        }
        prop_targets.iter().find(|(n, _)| n == name).map(|(_, t)| (t.clone(), 0.3))
    };
    if story.slow_motion {
        *out += "        slowmo 0.25x over 1s\n";
    }
    let mut shots = 0;
    for sh in story.shots.iter().take(MAX_SHOTS) {
        let Some((target, size)) = target_of(&sh.target) else {
            problems.push(format!("a shot aims at `{}`, which is not in the cast", sh.target));
            continue;
        };
        let t = secs(sh.seconds, 0.5, 6.0, 2.0);
        let line = match sh.shot.as_str() {
            "follow" => format!("follow {target} over {} {{ distance {} }}", s(t), m((size * 3.0).max(0.6))),
            "orbit" => format!("orbit {target} 180deg rise {} over {}", m(size * 0.3), s(t)),
            shot if SHOTS.contains(&shot) => format!("{shot} {target} for {}", s(t)),
            other => {
                problems.push(format!("`{other}` is not one of the shots ({})", SHOTS.join(", ")));
                continue;
            }
        };
        *out += &format!("        {line}\n");
        shots += 1;
    }
    if shots == 0 {
        // Something to look at: the first figure or prop, wide.
        if let Some((target, _)) = figures.first().map(|f| (f.name.clone(), 0.0)).or_else(|| prop_targets.first().map(|p| (p.1.clone(), 0.0))) {
            *out += &format!("        wide {target} for 2s\n");
        }
    }
    let freeze = if story.freeze_at_jump_apex.is_finite() { story.freeze_at_jump_apex.clamp(0.0, 6.0) } else { 0.0 };
    if let Some((actor, jump)) = &first_jump {
        if freeze > 0.0 {
            let h = figures.iter().find(|f| &f.name == actor).map(|f| f.height).unwrap_or(1.75);
            *out += &format!("        at {jump}.apex freeze {} {{\n            orbit {actor} 360deg rise {}\n        }}\n", s(freeze), m(h * 0.5));
            *out += &format!("        follow {actor}\n");
        }
    }
}
