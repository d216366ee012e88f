//! Lowering a brief into `.scene` text: where things stand (supports first, what stands on
//! them on their tops, what a motion is done to in front of its doer, a moving thing where
//! its motion takes it), each actor's steps as motions with honest sizes and durations, the
//! camera's moves aimed at what the brief names, slow motion and a freeze at a jump's top.
//! What the brief leaves out is said in a comment at the top.
//!
//! Rules are general: nothing here names a prompt. Distances scale with the actor's height;
//! a thing that topples a row is added only when nothing else would.

use crate::brief::{Brief, Thing, COLORS};
use crate::read::is_actor;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Where a thing stands: its centre on the floor plan (x, z), its footprint's half length
/// along x, and the height of its top.
#[derive(Clone, Copy, Debug, Default)]
struct Spot {
    x: f32,
    z: f32,
    half: f32,
    top: f32,
}

fn m(v: f32) -> String {
    format!("{}m", (v * 100.0).round() / 100.0)
}

fn secs(v: f32) -> String {
    format!("{}s", (v * 10.0).round() / 10.0)
}

fn hex(color: &Option<String>) -> Option<&'static str> {
    let c = color.as_deref()?;
    COLORS.iter().find(|k| k.0 == c).map(|k| k.1)
}

/// The motions an actor's steps move it by, in metres per second of a 1.75 m adult.
fn pace(motion: &str) -> Option<(f32, f32)> {
    match motion {
        "walk" => Some((1.3, 3.0)),
        "run" => Some((3.5, 2.0)),
        "sprint" => Some((5.5, 1.6)),
        "chase" => Some((3.0, 3.0)),
        _ => None,
    }
}

pub fn lower(b: &Brief) -> String {
    let mut st = Stage { b, spots: BTreeMap::new(), decl: Vec::new(), holds: BTreeMap::new(), extra: Vec::new(), on_support: BTreeMap::new() };
    st.place_all();
    let tracks = st.tracks();
    let camera = st.camera();
    let mut out = String::new();
    for w in &b.left_out {
        let _ = writeln!(out, "// {w}: reel cannot show it, so it is left out of this film.");
    }
    let _ = writeln!(out, "scene \"{}\" {{ resolution 1280x720, fps 30 }}", b.title.replace('"', ""));
    out += &st.uses();
    if let Some(set) = &b.set {
        let time = b.sky.as_ref().map(|s| format!("time {s}")).unwrap_or_default();
        let _ = writeln!(out, "set {set} {{ {time} }}");
    } else if b.sky.is_some() || b.ground.is_some() {
        let sky = b.sky.as_ref().map(|s| format!("sky {s}")).unwrap_or_default();
        let ground = b.ground.as_ref().map(|g| format!("ground {g}")).unwrap_or_default();
        let _ = writeln!(out, "world {{ {} }}", [sky, ground].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", "));
    }
    for d in st.decl.iter().chain(&st.extra) {
        out += d;
        out.push('\n');
    }
    out += "camera cam { lens 35mm }\ntimeline {\n";
    out += &tracks;
    out += &camera;
    out += "}\n";
    out
}

struct Stage<'a> {
    b: &'a Brief,
    spots: BTreeMap<String, Spot>,
    /// Declarations, in an order where a support comes before what stands on it.
    decl: Vec<String>,
    /// A held thing → who holds it.
    holds: BTreeMap<String, String>,
    /// Things the brief implies (what starts a row toppling).
    extra: Vec<String>,
    /// Groups standing on a support's top: the support and where it is.
    on_support: BTreeMap<String, (String, Spot)>,
}

impl Stage<'_> {
    fn thing(&self, name: &str) -> Option<&Thing> {
        self.b.things.iter().find(|t| t.name == name)
    }

    fn height(&self, t: &Thing) -> f32 {
        t.height_m.unwrap_or(match t.kind.as_str() {
            "monkey" => 0.6,
            "person" => 1.7,
            _ => 1.75,
        })
    }

    fn uses(&self) -> String {
        let mut props: Vec<&str> = Vec::new();
        let mut actors: Vec<&str> = Vec::new();
        for t in &self.b.things {
            let list = if is_actor(&t.kind) { &mut actors } else { &mut props };
            if !list.contains(&t.kind.as_str()) {
                list.push(&t.kind);
            }
        }
        if !self.extra.is_empty() && !props.contains(&"ball") {
            props.push("ball");
        }
        let mut out = String::new();
        for (module, list) in [("std.props", props), ("std.characters", actors)] {
            match list.len() {
                0 => {}
                1 => out += &format!("use {module}.{}\n", list[0]),
                _ => out += &format!("use {module}.{{{}}}\n", list.join(", ")),
            }
        }
        if let Some(set) = &self.b.set {
            out += &format!("use std.sets.{set}\n");
        }
        out
    }

    /// The thing a step does something to, by the step's motion.
    fn objects_of(&self, motion: &str) -> Vec<(String, String)> {
        self.b.steps.iter().filter(|s| s.motion == motion).filter_map(|s| Some((s.who.clone(), s.object.clone()?))).collect()
    }

    fn place_all(&mut self) {
        let b = self.b;
        // Held things: what is thrown, put down or balanced starts in its doer's hand.
        for motion in ["throw", "put", "balance"] {
            for (who, obj) in self.objects_of(motion) {
                if self.thing(&obj).is_some_and(|t| !is_actor(&t.kind) && t.count == 1) {
                    self.holds.entry(obj).or_insert(who);
                }
            }
        }
        let mut next_x = 0.0f32;
        // Supports first: the things others stand on.
        let supports: Vec<&Thing> = b.things.iter().filter(|t| !is_actor(&t.kind) && b.things.iter().any(|o| o.on.as_deref() == Some(&t.name))).collect();
        for t in &supports {
            let spot = self.declare_support(t, next_x);
            next_x = spot.x + spot.half + 0.8;
        }
        // Actors.
        let actors: Vec<&Thing> = b.things.iter().filter(|t| is_actor(&t.kind)).collect();
        let n = actors.len();
        for (k, t) in actors.iter().enumerate() {
            self.declare_actor(t, k, n);
        }
        // Free things stand clear of the actors.
        if let Some(right) =
            self.b.things.iter().filter(|t| is_actor(&t.kind) && t.on.is_none()).filter_map(|t| self.spots.get(&t.name)).map(|s| s.x + s.half).reduce(f32::max)
        {
            next_x = next_x.max(right + 1.2);
        }
        // Everything else: what things are aimed at before what is aimed at them.
        let mut rest: Vec<&Thing> = b.things.iter().collect();
        rest.sort_by_key(|t| !b.things.iter().any(|o| o.toward.as_deref() == Some(&t.name)));
        for t in rest {
            if self.spots.contains_key(&t.name) || self.holds.contains_key(&t.name) {
                continue;
            }
            if is_actor(&t.kind) {
                continue;
            }
            self.declare_prop(t, &mut next_x);
        }
        for (obj, who) in self.holds.clone() {
            if let Some(t) = self.thing(&obj) {
                let decl = format!("prop {} = {} {{ {} }}", t.name, t.kind, self.look(t).join(", "));
                // A held thing is declared before its holder.
                let at = self.decl.iter().position(|d| d.starts_with(&format!("actor {who} "))).unwrap_or(self.decl.len());
                self.decl.insert(at, decl);
            }
        }
        self.starters();
    }

    /// What a thing looks like: its colour, a ball's radius.
    fn look(&self, t: &Thing) -> Vec<String> {
        let mut p = Vec::new();
        if let Some(c) = hex(&t.color) {
            p.push(format!("color {c}"));
        }
        if t.kind == "ball" {
            let r = self.ball_radius(t);
            p.push(format!("radius {}cm", (r * 100.0).round().max(1.0)));
        }
        p
    }

    /// A ball's radius: 5 cm, or 10 cm where people play with it (8 cm at least when it is
    /// rolled into a stack or a row); a sized or named ball its size.
    fn ball_radius(&self, t: &Thing) -> f32 {
        // A size word or a named ball (a basketball) is against the stdlib's 5 cm.
        let base = if self.b.things.iter().any(|a| is_actor(&a.kind)) { 0.1 } else { 0.05 };
        let knocks = t.toward.as_ref().and_then(|o| self.thing(o)).is_some_and(|o| o.count > 1 && o.kind != "domino");
        let r = t.scale.map_or(base, |s| 0.05 * s);
        if knocks {
            r.max(0.08)
        } else {
            r
        }
    }

    fn declare_support(&mut self, t: &Thing, x: f32) -> Spot {
        // Sized for what stands on it: a tiny figure gets a long table to run along.
        let riders: Vec<&Thing> = self.b.things.iter().filter(|o| o.on.as_deref() == Some(&t.name)).collect();
        let small_actor = riders.iter().any(|r| is_actor(&r.kind) && self.height(r) < 1.0);
        let (sx, sy, sz) = match t.kind.as_str() {
            "table" if small_actor => (2.2, 0.75, 0.8),
            "table" => (1.4, 0.75, 0.8),
            "box" => (0.5 * t.scale.unwrap_or(1.0), 0.5 * t.scale.unwrap_or(1.0), 0.5 * t.scale.unwrap_or(1.0)),
            "cushion" => (1.0, 0.2, 1.0),
            "chair" => (0.45, 0.9, 0.45),
            "ramp" => (1.5, 0.5, 0.6),
            _ => (0.8, 0.5, 0.8),
        };
        let spot = Spot { x: x + sx / 2.0, z: 0.0, half: sx / 2.0, top: sy };
        let mut p = vec![format!("at ({}, 0m)", m(spot.x))];
        if matches!(t.kind.as_str(), "table" | "box" | "cushion" | "ramp") {
            p.insert(0, format!("size ({}, {}, {})", m(sx), m(sy), m(sz)));
        }
        if t.kind == "ramp" {
            p.push("turn 180deg".into());
        }
        p.extend(self.look(t));
        self.decl.push(format!("prop {} = {} {{ {} }}", t.name, t.kind, p.join(", ")));
        self.spots.insert(t.name.clone(), spot);
        spot
    }

    fn declare_actor(&mut self, t: &Thing, k: usize, n: usize) {
        let h = self.height(t);
        let moves = self.b.steps.iter().any(|s| s.who == t.name && pace(&s.motion).is_some());
        let mut p = Vec::new();
        if let Some(hm) = t.height_m {
            p.push(format!("height {}", m(hm)));
        }
        if let Some(a) = t.age {
            p.push(format!("age {}", a.round()));
        }
        if let Some(g) = &t.gender {
            p.push(format!("gender {g}"));
        }
        if let Some(c) = hex(&t.color) {
            p.push(if t.kind == "person" { format!("top {c}") } else { format!("color {c}") });
        }
        let (x, z, facing);
        if let Some(sup) = t.on.as_ref().and_then(|s| self.spots.get(s).copied()) {
            let dx = if moves {
                -sup.half * 0.75
            } else if n > 1 {
                -sup.half * 0.5
            } else {
                sup.half * 0.4
            };
            p.push(format!("on {} at ({}, 0m)", t.on.as_deref().unwrap_or_default(), m(dx)));
            (x, z, facing) = (sup.x + dx, sup.z, "+x");
        } else if t.count > 1 {
            let w = (t.count - 1) as f32 * 0.7 * h.max(0.5);
            let z0 = if k > 0 { 1.5 * k as f32 } else { 0.0 };
            let x0 = if moves { -2.5 * h.max(0.5) } else { 0.0 };
            if moves {
                p.push(format!("count {}, line ({}, {}) to ({}, {})", t.count, m(x0), m(z0 - w / 2.0), m(x0), m(z0 + w / 2.0)));
                (x, z, facing) = (x0, z0, "+x");
            } else {
                p.push(format!("count {}, line ({}, {}) to ({}, {})", t.count, m(-w / 2.0), m(z0), m(w / 2.0), m(z0)));
                (x, z, facing) = (0.0, z0, "-z");
            }
        } else if n == 2 && !self.b.steps.iter().any(|s| s.in_turn) {
            // Two people face each other, farther apart when they walk toward each other.
            let side = if k == 0 { -1.0 } else { 1.0 };
            let apart = if moves { 3.0 } else { 1.0 } * h.max(0.5) / 1.7;
            (x, z, facing) = (side * apart, 0.0, if k == 0 { "+x" } else { "-x" });
        } else {
            let x0 = if moves { -2.5 * h.max(0.5) / 1.7 } else { 0.0 };
            let acts_on = self.b.steps.iter().any(|s| s.who == t.name && s.object.is_some());
            (x, z, facing) = (x0, 1.2 * k as f32, if moves || n > 1 || acts_on { "+x" } else { "-z" });
        }
        if t.on.is_none() || !self.spots.contains_key(t.on.as_deref().unwrap_or_default()) {
            if t.count <= 1 {
                p.push(format!("at ({}, {})", m(x), m(z)));
            }
        }
        p.push(format!("facing {facing}"));
        if let Some((held, _)) = self.holds.iter().find(|(_, w)| **w == t.name) {
            p.push(format!("holds {held}"));
        }
        self.decl.push(format!("actor {} = {} {{ {} }}", t.name, t.kind, p.join(", ")));
        let top = t.on.as_ref().and_then(|s| self.spots.get(s)).map_or(0.0, |s| s.top);
        self.spots.insert(t.name.clone(), Spot { x, z, half: 0.3 * h, top: top + h });
    }

    /// The actor who does something to this thing, and what.
    fn done_by(&self, name: &str) -> Option<(String, String, usize)> {
        self.b.steps.iter().enumerate().find(|(_, s)| s.object.as_deref() == Some(name) || s.over.as_deref() == Some(name)).map(|(k, s)| {
            let motion = if s.over.as_deref() == Some(name) { "jump over".to_string() } else { s.motion.clone() };
            (s.who.clone(), motion, k)
        })
    }

    /// A z where a thing of half length `half` at x stands clear of what is placed.
    fn clear_of(&self, x: f32, z: f32, half: f32) -> f32 {
        let mut z = z;
        for _ in 0..8 {
            let hit = self.spots.values().any(|s| (s.x - x).abs() < s.half + half + 0.2 && (s.z - z).abs() < s.half.max(0.4) + half.max(0.3));
            if !hit {
                break;
            }
            z += 1.2;
        }
        z
    }

    /// Where an actor stands when its step `k` begins: its start, moved along +x by the
    /// gaits of its steps before (as `motion` lowers them).
    fn position_before(&self, who: &str, k: usize) -> f32 {
        let Some(a) = self.thing(who) else { return 0.0 };
        let scale = self.height(a) / 1.75;
        let mut x = self.spots.get(who).map_or(0.0, |s| s.x);
        for s in self.b.steps.iter().take(k).filter(|s| s.who == who && !s.around) {
            match (pace(&s.motion), s.object.as_ref().and_then(|o| self.spots.get(o))) {
                // To something placed: just short of it.
                (Some(_), Some(to)) => x = to.x - to.half - 0.5 * scale,
                (Some((speed, default_secs)), None) if s.object.is_none() => x += speed * scale * s.seconds.unwrap_or(default_secs),
                _ => {}
            }
        }
        x
    }

    fn declare_prop(&mut self, t: &Thing, next_x: &mut f32) {
        let mut p = self.look(t);
        let r = self.ball_radius(t);
        let (mut x, mut z) = (*next_x, 0.0);
        if let Some((who, motion, step)) = self.done_by(&t.name) {
            // In front of who does it, where it will be then: a ball at the feet, a crate at
            // arm's length, a chair or a box to climb a few steps ahead.
            let mut a = self.spots.get(&who).copied().unwrap_or_default();
            a.x = self.position_before(&who, step);
            let ahead = match motion.as_str() {
                "jump over" => 0.9,
                "kick" => 0.45,
                "push" => 0.75,
                "chase" => 1.2,
                "climb" => 0.9,
                "jump" => 1.4,
                "sit" | "walk" | "run" | "sprint" => 2.5,
                "watch" | "point" => 3.0,
                _ => 1.0,
            } * (a.top - a.top.min(0.0)).clamp(0.6, 2.0)
                / 1.7;
            (x, z) = (a.x + ahead, a.z);
            if motion == "sit" {
                p.push("turn 90deg".into());
            }
            if motion == "climb" {
                let h = (a.top * 0.4).clamp(0.2, 0.8);
                p.push(format!("size ({}, {}, {})", m(h * 1.4), m(h), m(h * 1.4)));
            }
        }
        if let Some(sup_name) = t.on.clone() {
            if let Some(sup) = self.spots.get(&sup_name).copied() {
                self.declare_on(t, &sup_name, sup, p);
                return;
            }
        }
        let extent = self.extent(t);
        // What nobody acts on stands clear of what is already placed.
        let acted_on = self.done_by(&t.name).is_some() || self.b.things.iter().any(|o| o.toward.as_deref() == Some(&t.name));
        if !acted_on {
            z = self.clear_of(x + if t.count > 1 { extent / 2.0 } else { 0.0 }, z, extent / 2.0);
        }
        if t.count > 1 {
            p.push(format!("count {}", t.count));
            p.push(self.layout(t, x));
        } else if t.kind == "ball" {
            let (bx, by) = self.ball_start(t, x);
            x = bx;
            p.push(format!("at ({}, {}, {})", m(bx), m(by), m(z)));
            if let Some(v) = self.velocity(t, x, by) {
                p.push(v);
            }
            p.extend(self.ball_material(t));
        } else {
            p.push(format!("at ({}, {})", m(x), m(z)));
        }
        self.decl.push(format!("prop {} = {} {{ {} }}", t.name, t.kind, p.join(", ")));
        let top = if t.kind == "ball" { 2.0 * r } else { kind_height(&t.kind) * t.scale.unwrap_or(1.0) };
        // A group's line starts at x; a single thing's `at` is its centre.
        let centre = if t.count > 1 { x + extent / 2.0 } else { x };
        self.spots.insert(t.name.clone(), Spot { x: centre, z, half: extent / 2.0, top });
        if t.moving.as_deref() == Some("pushed") && t.kind != "ball" {
            self.nudge(&t.name, x - 0.6, z, r);
        }
        *next_x = centre + extent / 2.0 + 0.6;
    }

    /// A thing that starts on a support's top: rolling ones at its near end (on a ramp, at
    /// its top end, to roll down by itself); two that collide at either end.
    fn declare_on(&mut self, t: &Thing, sup_name: &str, sup: Spot, mut p: Vec<String>) {
        let ramp = self.thing(sup_name).is_some_and(|s| s.kind == "ramp");
        let dx = match t.moving.as_deref() {
            _ if ramp => sup.half * 0.6,
            Some("rolls") => -sup.half * 0.6,
            // Near the far edge, so a push sends it over.
            Some("pushed") => (sup.half - 0.2 * t.scale.unwrap_or(1.0)).max(0.0),
            Some("toward") if self.declared_balls() == 0 => -sup.half * 0.5,
            Some("toward") => sup.half * 0.5,
            _ if t.kind == "box" => sup.half * 0.6,
            _ => 0.0,
        };
        // Two that collide meet a little off centre, so they glance off and roll on.
        let dz = match t.moving.as_deref() {
            Some("toward") if dx < 0.0 => -0.03,
            Some("toward") => 0.03,
            _ => 0.0,
        };
        if t.count > 1 {
            // A row on a table: its line across the top (a group's line is in the world).
            let w = self.extent(t).min(sup.half * 1.6);
            let x0 = (sup.x - w / 2.0).max(sup.x - sup.half * 0.9);
            p.push(format!("count {}, on {sup_name}, line ({}, {}) to ({}, {})", t.count, m(x0), m(sup.z), m(x0 + w), m(sup.z)));
            self.decl.push(format!("prop {} = {} {{ {} }}", t.name, t.kind, p.join(", ")));
            self.spots.insert(t.name.clone(), Spot { x: x0 + w / 2.0, z: sup.z, half: w / 2.0, top: sup.top + kind_height(&t.kind) });
            self.on_support.insert(t.name.clone(), (sup_name.to_string(), sup));
            return;
        }
        p.push(format!("on {sup_name} at ({}, {})", m(dx), m(dz)));
        if t.kind == "ball" && !ramp {
            if let Some(v) = self.velocity(t, dx, sup.top) {
                p.push(v);
            }
        }
        self.decl.push(format!("prop {} = {} {{ {} }}", t.name, t.kind, p.join(", ")));
        let r = self.ball_radius(t);
        self.spots.insert(t.name.clone(), Spot { x: sup.x + dx, z: sup.z, half: r, top: sup.top + kind_height(&t.kind) });
        if t.moving.as_deref() == Some("pushed") && t.kind != "ball" {
            self.nudge_on(&t.name, sup_name, -sup.half * 0.6);
        }
    }

    /// What pushes a pushed thing when nobody does: a heavy ball rolled into it.
    fn nudge(&mut self, name: &str, x: f32, z: f32, r: f32) {
        self.extra.push(format!(
            "// What pushes the {name}.\nprop nudge = ball {{ radius {}cm, at ({}, {}, {}), velocity (3 m/s, 0 m/s, 0 m/s), material steel }}",
            (r * 100.0).round().max(3.0),
            m(x),
            m(r),
            m(z)
        ));
    }

    fn nudge_on(&mut self, name: &str, sup: &str, dx: f32) {
        self.extra.push(format!(
            "// What pushes the {name}.\nprop nudge = ball {{ radius 10cm, on {sup} at ({}, 0m), velocity (4 m/s, 0 m/s, 0 m/s), material steel }}",
            m(dx)
        ));
    }

    /// How far a thing or a group reaches along x.
    fn extent(&self, t: &Thing) -> f32 {
        let n = t.count as f32;
        match (t.kind.as_str(), t.layout.as_deref()) {
            _ if t.count <= 1 => match t.kind.as_str() {
                "ball" => 2.0 * self.ball_radius(t),
                "table" => 1.4,
                "wall" => 4.0,
                "ramp" => 2.0,
                _ => 0.5 * t.scale.unwrap_or(1.0),
            },
            ("domino", Some("arc")) => 2.0 * n * 0.036 / std::f32::consts::PI,
            ("domino", _) => (n - 1.0) * 0.036,
            ("pin", _) => 0.5,
            (_, Some("stack")) | ("can", _) | ("box", None) => 0.4,
            (_, Some("grid")) => 0.8,
            _ => (n - 1.0) * 0.5,
        }
    }

    fn ball_material(&self, t: &Thing) -> Vec<String> {
        let target = t.toward.as_ref().and_then(|o| self.thing(o));
        match target {
            Some(o) if o.kind == "bin" => vec!["bounciness 0.2".into()],
            Some(o) if o.count > 1 || matches!(o.kind.as_str(), "box" | "can" | "pin") => vec!["material steel".into()],
            _ => Vec::new(),
        }
    }

    fn declared_balls(&self) -> usize {
        self.decl.iter().filter(|d| d.contains("= ball ")).count()
    }

    fn layout(&self, t: &Thing, x: f32) -> String {
        let n = t.count as f32;
        match (t.kind.as_str(), t.layout.as_deref()) {
            ("ball", _) if t.moving.as_deref() == Some("dropped") => {
                format!("emit over {} from ({}, 2m, -0.1m) to ({}, 2.5m, 0.1m)", secs(0.6 * n), m(x), m(x + n * 0.4))
            }
            ("domino", Some("arc")) => format!("arc ({}, 0m) radius {} from -90deg to 90deg", m(x), m(n * 0.036 / std::f32::consts::PI)),
            ("domino", _) => format!("line ({}, 0m) to ({}, 0m)", m(x), m(x + (n - 1.0) * 0.036)),
            ("pin", _) => format!("grid ({}, 0m) columns 3 spacing (25cm, 25cm)", m(x)),
            (_, Some("stack")) | ("can", _) | ("box", None) => format!("at ({}, 0m), stack", m(x)),
            (_, Some("grid")) => format!("grid ({}, 0m) columns 3 spacing (40cm, 40cm)", m(x)),
            _ => format!("line ({}, 0m) to ({}, 0m)", m(x), m(x + (n - 1.0) * 0.5)),
        }
    }

    /// Where a ball starts: up in the air when dropped or thrown, before its target when
    /// rolled at one, on the floor otherwise.
    fn ball_start(&self, t: &Thing, x: f32) -> (f32, f32) {
        let r = self.ball_radius(t);
        let target = t.toward.as_ref().and_then(|o| self.spots.get(o).copied());
        match (t.moving.as_deref(), target) {
            (Some("dropped"), _) => (x, 1.5),
            (Some("thrown"), Some(s)) => (s.x - 2.5, 1.2),
            (Some("thrown"), None) => (x - 2.0, 1.2),
            (Some("rolls" | "pushed"), Some(s)) => (s.x - s.half - 1.5, r),
            (Some("toward"), _) if self.declared_balls() == 0 => (x - 0.8, r),
            (Some("toward"), _) => (x + 0.8, r),
            _ => (x, r),
        }
    }

    fn velocity(&self, t: &Thing, x: f32, y: f32) -> Option<String> {
        let target = t.toward.as_ref().and_then(|o| self.spots.get(o).copied());
        let on_support = t.on.is_some();
        let v = match (t.moving.as_deref(), target) {
            (Some("rolls"), Some(_)) => (4.0, 0.0),
            (Some("rolls"), None) if on_support => (1.2, 0.0),
            (Some("rolls"), None) => (2.5, 0.0),
            (Some("pushed"), _) => (2.0, 0.0),
            (Some("toward"), _) => (if self.declared_balls() == 0 { 1.5 } else { -1.5 }, 0.0),
            (Some("thrown"), Some(s)) => {
                // A lob that comes down on the target's top (into a bin's mouth) in 0.8 s.
                let (dx, dy, time) = (s.x - x, s.top + 0.1 - y, 0.8);
                (dx / time, (dy + 0.5 * 9.81 * time * time) / time)
            }
            (Some("thrown"), None) => (4.0, 3.0),
            _ => return None,
        };
        Some(format!("velocity ({:.2} m/s, {:.2} m/s, 0 m/s)", v.0, v.1))
    }

    /// A row or stack that the prompt says falls, with nothing in the brief to knock it
    /// over: a ball rolled into it.
    fn starters(&mut self) {
        for t in &self.b.things {
            let falls_alone = matches!(t.kind.as_str(), "domino" | "pin") && t.count > 1;
            let hit = self.b.things.iter().any(|o| o.toward.as_deref() == Some(&t.name)) || self.b.steps.iter().any(|s| s.object.as_deref() == Some(&t.name));
            if !falls_alone || hit {
                continue;
            }
            let Some(s) = self.spots.get(&t.name).copied() else { continue };
            let (r, speed, z): (f32, f32, f32) = if t.kind == "pin" { (0.11, 6.0, 0.12) } else { (0.03, 0.6, 0.0) };
            let z = if t.layout.as_deref() == Some("arc") { s.z + t.count as f32 * 0.036 / std::f32::consts::PI } else { z };
            let x0 = if t.kind == "pin" { s.x - s.half - 3.0 } else { s.x - s.half - 0.3 };
            let material = if t.kind == "pin" { ", material steel" } else { "" };
            if let Some((sup, at)) = self.on_support.get(&t.name) {
                // Rolled along the table's top into the row's first member.
                let dx = (s.x - s.half - 0.25 - at.x).max(-at.half * 0.95);
                self.extra.push(format!(
                    "// What sets the {} going.\nprop starter = ball {{ radius {}cm, on {sup} at ({}, 0m), velocity ({speed} m/s, 0 m/s, 0 m/s){material} }}",
                    t.name,
                    (r * 100.0).round(),
                    m(dx)
                ));
                break;
            }
            self.extra.push(format!(
                "// What sets the {} going.\nprop starter = ball {{ radius {}cm, at ({}, {}, {}), velocity ({speed} m/s, 0 m/s, 0 m/s){material} }}",
                t.name,
                (r * 100.0).round(),
                m(x0),
                m(r),
                m(z)
            ));
            break;
        }
    }

    fn tracks(&mut self) -> String {
        let mut out = String::new();
        let actors: Vec<&Thing> = self.b.things.iter().filter(|t| is_actor(&t.kind)).collect();
        let mut bound_jump = false;
        for a in actors {
            let steps: Vec<&crate::brief::Step> = self.b.steps.iter().filter(|s| s.who == a.name).collect();
            if steps.is_empty() {
                continue;
            }
            let mut lines = Vec::new();
            if steps.iter().any(|s| s.in_turn) {
                lines.push("stagger 0.6s".to_string());
            }
            let mut spot = self.spots.get(&a.name).copied().unwrap_or_default();
            let h = self.height(a);
            let mut k = 0;
            while k < steps.len() {
                let s = steps[k];
                let mut line = self.motion(a, s, &mut spot, h);
                if s.motion == "jump" && !bound_jump && self.b.freeze_secs > 0.0 {
                    line += " as hop";
                    bound_jump = true;
                }
                // "… balances a stick while she walks": one actor's two steps at once.
                if let Some(next) = steps.get(k + 1).filter(|n| n.together && !line.is_empty()) {
                    let mut other = self.motion(a, next, &mut spot, h);
                    if other.is_empty() {
                        lines.push(line);
                        k += 2;
                        continue;
                    }
                    let both_timed = |l: &str| l.contains(" for ") || l.contains(" over ");
                    if !both_timed(&other) {
                        other += " over 3s";
                    }
                    lines.push(format!("together {{\n            {line}\n            {other}\n        }}"));
                    k += 2;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(line);
                }
                k += 1;
            }
            let _ = writeln!(out, "    {} {{\n        {}\n    }}", a.name, lines.join("\n        "));
        }
        out
    }

    fn motion(&self, a: &Thing, s: &crate::brief::Step, spot: &mut Spot, h: f32) -> String {
        let scale = h / 1.75;
        let obj = s.object.clone();
        let over = |d: f32| secs(s.seconds.unwrap_or(d));
        match s.motion.as_str() {
            "walk" | "run" | "sprint" | "chase" if s.motion != "chase" || obj.is_none() => {
                let (speed, default_secs) = pace(&s.motion).unwrap_or((1.3, 3.0));
                let t = s.seconds.unwrap_or(default_secs);
                if let Some(o) = obj.as_ref().filter(|_| s.around) {
                    return format!("{} around {o} over {}", s.motion, secs(t));
                }
                if let Some(o) = obj.as_ref().filter(|o| self.thing(o).is_none_or(|t| t.count == 1 && !is_actor(&t.kind))) {
                    let into = self.thing(o).is_some_and(|t| t.count > 1);
                    if !into {
                        return format!("{} to {o} distance {} over {}", s.motion, m(0.5 * scale.max(0.4)), secs(t));
                    }
                }
                let mut dist = speed * scale * t;
                if let Some(o) = obj.as_ref().and_then(|o| self.spots.get(o)) {
                    dist = dist.max(o.x + 2.0 - spot.x);
                }
                if let Some(sup) = a.on.as_ref().and_then(|n| self.spots.get(n)) {
                    dist = dist.min(sup.x + sup.half * 0.75 - spot.x).max(0.2);
                }
                let (tx, tz) = if a.count > 1 { (spot.x + dist, 0.0) } else { (spot.x + dist, spot.z) };
                spot.x = tx;
                format!("{} to ({}, {}) over {}", s.motion, m(tx), m(tz), secs(t))
            }
            "chase" => format!("chase {} for {}", obj.unwrap_or_default(), over(3.0)),
            "jump" => {
                let placed = |o: &Option<String>| o.clone().filter(|o| self.spots.contains_key(o) && self.thing(o).is_some_and(|t| !is_actor(&t.kind)));
                match (placed(&s.over), placed(&obj)) {
                    // A jump clears a prop or lands on one, not both: clearing it is the point.
                    (Some(over), _) => format!("jump over {over}"),
                    (None, Some(onto)) => format!("jump onto {onto}"),
                    _ => format!("jump up {}cm", (30.0 * scale).round().max(5.0)),
                }
            }
            "jump_down" => format!("jump_down forward {}cm", (40.0 * scale).round().max(10.0)),
            "backflip" => format!("backflip up {}cm", (60.0 * scale).round().max(10.0)),
            "frontflip" => format!("frontflip up {}cm", (60.0 * scale).round().max(10.0)),
            "cartwheel" | "roundoff" => format!("{} forward {}", s.motion, m(1.2 * scale)),
            "wave" | "point" | "raise_arms" => {
                if s.motion == "raise_arms" {
                    format!("raise_arms for {}", over(1.5))
                } else {
                    format!("{} for {}", s.motion, over(2.0))
                }
            }
            "bow" => format!("bow 45deg for {}", over(1.5)),
            "crouch" => format!("crouch {}cm for {}", (25.0 * scale).round().max(5.0), over(0.6)),
            "lie_down" => format!("lie_down for {}", over(3.0)),
            "sit" => match obj {
                Some(o) => format!("walk to {o} distance {} over 2s\n        sit on {o}", m(0.5 * scale.max(0.4))),
                None => format!("sit for {}", over(3.0)),
            },
            "stop" => "stop over 0.5s".into(),
            "idle" => format!("idle for {}", over(2.0)),
            "turn" => "turn left 180deg".into(),
            "swing" => "swing right_arm down".into(),
            "watch" => obj.map(|o| format!("watch {o} for {}", over(2.0))).unwrap_or_default(),
            "kick" => obj.map(|o| format!("kick {o} toward +x speed 6 m/s")).unwrap_or_else(|| "kick".into()),
            "throw" => {
                let target = obj.as_ref().and_then(|o| self.thing(o)).and_then(|t| t.toward.clone());
                let to = target.or_else(|| self.b.things.iter().find(|t| is_actor(&t.kind) && t.name != a.name).map(|t| t.name.clone()));
                let aim = to.as_ref().filter(|n| self.thing(n).is_none_or(|t| !is_actor(&t.kind))).and_then(|n| self.spots.get(n)).copied();
                match (obj, to) {
                    (Some(o), Some(_)) if aim.is_some() => {
                        let s = aim.unwrap_or_default();
                        format!("throw {o} to ({}, {}, {})", m(s.x), m(s.top * 0.5), m(s.z))
                    }
                    (Some(o), Some(to)) => format!("throw {o} toward {to}"),
                    (Some(o), None) => format!("throw {o} to ({}, 0m, 0m)", m(spot.x + 3.0)),
                    _ => String::new(),
                }
            }
            "catch" => {
                let thrown = self.b.steps.iter().find(|t| t.motion == "throw").and_then(|t| t.object.clone()).or(obj);
                thrown.map(|o| format!("catch {o}")).unwrap_or_default()
            }
            "push" => obj.map(|o| format!("push {o} by 1m")).unwrap_or_default(),
            "put" => {
                let on = obj
                    .as_ref()
                    .and_then(|o| self.thing(o))
                    .and_then(|t| t.on.clone())
                    .or_else(|| self.b.things.iter().find(|t| t.kind == "table").map(|t| t.name.clone()));
                match (obj, on) {
                    (Some(o), Some(on)) => format!("walk to {on} distance 0.45m over 2s\n        put {o} on {on}"),
                    _ => String::new(),
                }
            }
            "climb" => obj.map(|o| format!("climb onto {o}")).unwrap_or_default(),
            "balance" => obj.map(|o| format!("balance {o} for {}", over(4.0))).unwrap_or_default(),
            other => other.to_string(),
        }
    }

    fn subject(&self) -> Option<String> {
        let th = &self.b.things;
        th.iter().find(|t| is_actor(&t.kind)).or_else(|| th.iter().find(|t| t.moving.is_some())).or_else(|| th.first()).map(|t| t.name.clone())
    }

    fn camera(&self) -> String {
        let b = self.b;
        let moving = b.things.iter().any(|t| t.moving.is_some()) || !self.extra.is_empty();
        let total = self.film_secs().max(if moving { 6.0 } else { 3.0 });
        let mut lines = Vec::new();
        let subject = self.subject();
        let all: Vec<String> = b.things.iter().filter(|t| is_actor(&t.kind) || t.count > 1 || t.moving.is_some()).take(3).map(|t| t.name.clone()).collect();
        let all = if all.is_empty() { b.things.iter().take(3).map(|t| t.name.clone()).collect() } else { all };
        let group = match all.len() {
            0 => None,
            1 => Some(all[0].clone()),
            _ => Some(format!("({})", all.join(", "))),
        };
        if b.slow_motion {
            lines.push(format!("slowmo 0.3x for {}", secs(total)));
        }
        let shots: Vec<&crate::brief::Shot> = b.shots.iter().filter(|s| s.mv != "orbit" || b.freeze_secs <= 0.0).collect();
        let each = total / shots.len().max(1) as f32;
        let handheld = shots.iter().any(|s| s.mv == "handheld");
        for s in shots.iter().filter(|s| s.mv != "handheld") {
            let target = s.target.clone().or(subject.clone()).unwrap_or_default();
            let d = secs(s.seconds.unwrap_or(each));
            let size = self.thing(&target).map_or(1.0, |t| if is_actor(&t.kind) { self.height(t) } else { 0.5 });
            let line = match s.mv.as_str() {
                "follow" => format!("follow {target} over {d} {{ distance {}, height {} }}", m(2.5 * size.max(0.4)), m(0.8 * size.max(0.5))),
                "track" => format!("track {target} side right distance {} over {d}", m(2.5 * size.max(0.4))),
                "orbit" => format!("orbit {target} 360deg over {d}"),
                "dolly_zoom" => format!("dolly_zoom {target} 85mm over {d}"),
                "zoom" => format!("zoom 70mm over {d}"),
                "dolly" => "dolly in 2m over 2s".into(),
                "pan" => "pan left 30deg over 2s".into(),
                "crane" => "crane up 2m over 2s".into(),
                "two_shot" => {
                    let other = b.things.iter().find(|t| is_actor(&t.kind) && t.name != target).map(|t| t.name.clone());
                    match other {
                        Some(o) => format!("two_shot {target} {o} for {d}"),
                        None => format!("medium {target} for {d}"),
                    }
                }
                "place" => {
                    let spot = self.spots.get(&target).copied().unwrap_or_default();
                    format!("place ({}, 0.25m, {}) toward ({}, 0.3m, {}) for {d}", m(spot.x + 3.0), m(spot.z), m(spot.x), m(spot.z))
                }
                "over_shoulder" => format!("medium {target} for {d}"),
                mv => format!("{mv} {target} for {d}"),
            };
            lines.push(line);
        }
        if lines.iter().all(|l| l.starts_with("slowmo")) {
            if let Some(g) = &group {
                lines.push(format!("wide {g} for {}", secs(total)));
            }
        }
        if handheld {
            let last = lines.pop().unwrap_or_default();
            lines.push(format!("together {{\n            {last}\n            handheld 2cm for {}\n        }}", secs(total)));
        }
        if b.freeze_secs > 0.0 && self.b.steps.iter().any(|s| s.motion == "jump") {
            let target = b.shots.iter().find(|s| s.mv == "orbit").and_then(|s| s.target.clone()).or(subject).unwrap_or_default();
            lines.push(format!("at hop.apex freeze {} {{ orbit {target} 180deg }}", secs(b.freeze_secs)));
        }
        format!("    cam {{\n        {}\n    }}\n", lines.join("\n        "))
    }

    /// The longest actor track's length.
    fn film_secs(&self) -> f32 {
        let mut per: BTreeMap<&str, f32> = BTreeMap::new();
        for s in &self.b.steps {
            let d = s.seconds.unwrap_or(pace(&s.motion).map_or(1.5, |p| p.1));
            *per.entry(&s.who).or_default() += d;
        }
        per.values().copied().fold(0.0, f32::max) + 1.0
    }
}

/// How tall a prop of a kind stands (its stdlib default size).
fn kind_height(kind: &str) -> f32 {
    match kind {
        "table" => 0.75,
        "box" => 0.3,
        "bin" => 0.4,
        "chair" => 0.45,
        "cushion" => 0.15,
        "wall" => 2.5,
        "ramp" => 0.5,
        "cup" => 0.1,
        "can" => 0.12,
        "pin" => 0.38,
        "stick" => 1.0,
        "tree" => 3.0,
        "domino" => 0.048,
        _ => 0.2,
    }
}
