//! Check: `Ast` → `Ir` + diagnostics. Name resolution, unit checking, timeline and event
//! validation. The only place that knows the language's rules; units become SI here.
//!
//! How it is built: `Ast` → `ir::Scene` + `Diag`s. `stdlib.rs` parses `stdlib/*.scene` once
//! into the vocabulary (leaked `'static` tables) that the checker, hover and completion read;
//! `vocab.rs` maps declared names to what the engine implements (shots → framing, part names →
//! parts; `IMPLEMENTED` lists the builtins, a test keeps it equal to the declarations);
//! `args.rs` binds arguments to parameters and fills declared defaults; `units.rs` checks
//! dimensions and converts to SI. `use NAME` checks `NAME.scene` from the scene's folder with a
//! sub-checker and takes its declarations. Also: the wait-graph cycle check (E0303) and the
//! body-part overlap check (E0304)

pub mod args;
pub mod stdlib;
pub mod units;
pub mod vocab;
pub mod world;

mod compile;

mod decls;
mod figures;
mod goals;
mod groups;
mod imports;
mod lint;
mod placement;
mod sets;
mod shots;
mod tracks;

use args::{bind, Bound, Got};
use reel_diag::{suggest, Code, Diag, Sources};
use reel_ir as ir;
use reel_syntax::{self as ast, Ident, PropsBlock, Span, StmtKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use vocab::*;

/// Documented limits (docs/reference.md).
pub use reel_ir::{output_limits, MAX_DURATION_SECS, MAX_FPS, MAX_HEIGHT, MAX_LIGHTS, MAX_WIDTH};
pub const MAX_ENTITIES: usize = 256;

pub use compile::{compile, compile_bytes, compile_in, compile_with, decode_source, scene_dir, Compiled};
pub use world::{Disk, Overlay, World};

/// Check a parsed scene that uses no local files.
pub fn check(file: &ast::File) -> (Option<ir::Scene>, Vec<Diag>) {
    let mut c = Checker { world: Some(&Disk), sources: Sources::single("", ""), ..Checker::default() };
    let scene = c.file(file);
    (scene, c.diags)
}

/// How deep `use` of local files may chain.
pub const MAX_USE_DEPTH: usize = 8;

#[derive(Default)]
struct Checker<'w> {
    /// Where `use NAME` reads from (`None`: the disk).
    world: Option<&'w dyn World>,
    /// Every file read so far, the scene first: a used file's diagnostics point into its own.
    sources: Sources,
    diags: Vec<Diag>,
    imported: BTreeSet<String>,
    /// Declared names → (kind, index, span).
    names: BTreeMap<String, (EntityKind, usize, Span)>,
    /// Motion bindings (`as NAME`) → (verb, span).
    bindings: BTreeMap<String, (String, Span)>,
    props: Vec<ir::Prop>,
    lights: Vec<ir::Light>,
    actors: Vec<ir::Actor>,
    cameras: Vec<ir::Camera>,
    /// Actors some camera looks at.
    filmed: BTreeSet<usize>,

    /// Cameras some `cut to` names.
    cut_to: BTreeSet<usize>,
    /// The groups shots film (`ir::Entity::Group`).
    groups: Vec<Vec<ir::Target>>,
    /// Declared groups (`prop row = domino { count 12, … }`) by name.
    groups_by_name: BTreeMap<String, groups::Group>,
    /// Names whose events are their members' (`ir::Scene::event_groups`).
    event_groups: BTreeMap<String, Vec<String>>,
    /// Motions bound in a group's track, with how many members bind them.
    group_bindings: BTreeMap<String, usize>,
    /// The prop whose track is being checked.
    current_prop: String,
    duration_secs: Option<f64>,
    /// The scene's folder, where `use NAME` finds `NAME.scene`.
    dir: Option<PathBuf>,
    /// Local files being checked, outermost first (to find `use` loops); non-empty when
    /// this checker checks a used file rather than a scene.
    using: Vec<PathBuf>,
    /// Materials by name: the stdlib's stock ones, then the scene's own.
    materials: BTreeMap<String, (Material, Span)>,
    /// Each prop's archetype, by index.
    prop_archetypes: Vec<String>,
    /// Each actor's archetype, by index.
    actor_archetypes: Vec<String>,
    /// For the cycle check: per actor item, (track, the items it waits for, the binding it
    /// waits on and the statement's span); and where each binding is.
    waits: Vec<Wait>,
    bound_at: BTreeMap<String, usize>,
}

/// A checked `material` declaration.
#[derive(Debug, Clone, Copy)]
struct Material {
    color: [f32; 3],
    finish: ir::Finish,
    restitution: f32,
    friction: f32,
    density: f32,
    rolling: f32,
}

/// One actor item in the wait graph.
struct Wait {
    deps: Vec<usize>,
    on: Option<String>,
    span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntityKind {
    Prop,
    Actor,
    Camera,
    Light,
}

impl EntityKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            EntityKind::Prop => "prop",
            EntityKind::Actor => "actor",
            EntityKind::Camera => "camera",
            EntityKind::Light => "light",
        }
    }
}

/// A prop's colour: the `color` it was given, else its material's, else its declared default.
/// (Every prop archetype declares a default colour, so `color` is always bound unless
/// binding it failed, with an error.)
fn surface_color(color: Option<&Bound>, material: Option<Material>) -> [f32; 3] {
    match (color, material) {
        (Some(b), Some(m)) if b.defaulted => m.color,
        (Some(b), _) => color_of(b, "color", [0.0; 3]),
        (None, Some(m)) => m.color,
        (None, None) => [0.0; 3],
    }
}

/// The colour bound to `key`, or `default` where binding failed (reported).
fn color_of(b: &Bound, key: &str, default: [f32; 3]) -> [f32; 3] {
    match b.get(key) {
        Some((Got::Color(c), _)) => ir::srgb_to_linear(*c),
        _ => default,
    }
}

impl Checker<'_> {
    pub(crate) fn err(&mut self, d: Diag) {
        self.diags.push(d);
    }

    /// Bind a `{ key args… }` block against property specs. Unknown and repeated keys are
    /// reported; each known key gets its own bound arguments.
    pub(crate) fn props<'a>(&mut self, block: Option<&'a PropsBlock>, what: &str, specs: &[PropSpec]) -> BTreeMap<&'static str, Bound<'a>> {
        let mut out: BTreeMap<&'static str, Bound<'a>> = BTreeMap::new();
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let props = block.map(|b| b.props.as_slice()).unwrap_or(&[]);
        for p in props {
            let Some(spec) = specs.iter().find(|s| s.key == p.key.name) else {
                let mut d = Diag::error(Code::E0203, p.key.span, format!("{what} has no property `{}`", p.key.name)).label("unknown property");
                d = match suggest(&p.key.name, specs.iter().map(|s| s.key)) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("{what} takes: {}", specs.iter().map(|s| format!("`{}`", s.key)).collect::<Vec<_>>().join(", "))),
                };
                self.err(d);
                continue;
            };
            if let Some(prev) = seen.get(spec.key) {
                let d = Diag::error(Code::E0205, p.key.span, format!("`{}` is given twice", spec.key))
                    .label("second time")
                    .with(*prev, "first time")
                    .help("give each property once");
                self.err(d);
                continue;
            }
            seen.insert(spec.key, p.key.span);
            let (b, ok) = bind(&format!("`{}`", spec.key), p.span, &p.args, spec.params, &mut self.diags);
            if ok {
                out.insert(spec.key, b);
            }
        }
        // A property left out takes its declared default, when every parameter has one.
        let whole = block.map(|b| b.span).unwrap_or_default();
        for spec in specs {
            let defaulted = spec.params.iter().any(|p| p.default.is_some()) && spec.params.iter().all(|p| p.default.is_some() || !p.required);
            if defaulted && !seen.contains_key(spec.key) {
                let (mut b, ok) = bind(spec.key, whole, &[], spec.params, &mut self.diags);
                b.defaulted = true;
                if ok {
                    out.insert(spec.key, b);
                }
            }
        }
        out
    }

    /// Whether this is the file's first `what` block; a second one is an E0104.
    pub(crate) fn first_block(&mut self, seen: &mut Option<Span>, span: Span, what: &str) -> bool {
        if let Some(prev) = *seen {
            let d = Diag::error(Code::E0104, span, format!("a second `{what}` block")).label("again here").with(prev, "first here");
            self.err(d.help(format!("a file has one `{what}` block")));
            return false;
        }
        *seen = Some(span);
        true
    }

    /// A number property that must lie in `range`: its value, or `None` when absent or out
    /// of range (then with an E0208 saying `message`).
    pub(crate) fn ranged(&mut self, b: Option<&Bound>, key: &str, range: std::ops::RangeInclusive<f64>, message: &str, help: Option<&str>) -> Option<f32> {
        let b = b?;
        let v = b.num(key)?;
        if range.contains(&v) {
            return Some(v as f32);
        }
        let mut d = Diag::error(Code::E0208, b.span(key).unwrap_or_default(), message).label("out of range");
        if let Some(h) = help {
            d = d.help(h);
        }
        self.err(d);
        None
    }

    pub(crate) fn declare(&mut self, name: &Ident, kind: EntityKind, index: usize) {
        if let Some(g) = self.groups_by_name.get(&name.name) {
            let d = Diag::error(Code::E0104, name.span, format!("`{}` is declared twice", name.name))
                .label("declared again here")
                .with(g.span, "first declared here as a group")
                .help("give each prop, actor, group and camera its own name");
            self.err(d);
            return;
        }
        if let Some((prev_kind, _, prev)) = self.names.get(&name.name) {
            let d = Diag::error(Code::E0104, name.span, format!("`{}` is declared twice", name.name))
                .label("declared again here")
                .with(*prev, format!("first declared here as {} {}", if *prev_kind == EntityKind::Actor { "an" } else { "a" }, prev_kind.name()))
                .help("give each prop, actor and camera its own name");
            self.err(d);
            return;
        }
        self.names.insert(name.name.clone(), (kind, index, name.span));
    }

    /// Resolve a name to an entity of the wanted kind, with a suggestion when unknown.
    pub(crate) fn resolve(&mut self, name: &Ident, want: &[EntityKind]) -> Option<(EntityKind, usize)> {
        match self.names.get(&name.name) {
            Some((k, i, _)) if want.contains(k) => Some((*k, *i)),
            Some((k, _, span)) => {
                let wanted = one_of(want);
                let article = |w: &str| if w.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                let d =
                    Diag::error(Code::E0101, name.span, format!("`{}` is {} {}, not {} {wanted}", name.name, article(k.name()), k.name(), article(&wanted)))
                        .label(format!("expected {} {wanted}", article(&wanted)))
                        .with(*span, "declared here");
                self.err(d);
                None
            }
            None if self.groups_by_name.contains_key(&name.name) => {
                self.group_not_one(name, &one_of(want));
                None
            }
            None => {
                let candidates: Vec<String> = self.names.iter().filter(|(_, (k, _, _))| want.contains(k)).map(|(n, _)| n.clone()).collect();
                let wanted = one_of(want);
                let mut d = Diag::error(Code::E0101, name.span, format!("unknown {wanted} `{}`", name.name)).label("not declared");
                if let Some(s) = suggest(&name.name, candidates.iter().map(|s| s.as_str())) {
                    d = d.help(format!("did you mean `{s}`?"));
                } else if candidates.is_empty() {
                    d = d.help(format!("declare it first, e.g. `{} {} = …`", want[0].name(), name.name));
                } else {
                    d = d.help(format!("declared: {}", candidates.join(", ")));
                }
                self.err(d);
                None
            }
        }
    }

    pub(crate) fn file(&mut self, file: &ast::File) -> Option<ir::Scene> {
        // Materials and imports first, so props can name them and archetype checks know
        // what is in scope.
        for m in &lib().materials {
            self.material(m, true);
        }
        for item in &file.items {
            if let ast::Item::Use(u) = item {
                self.use_decl(u);
            }
        }
        for item in &file.items {
            if let ast::Item::Material(m) = item {
                self.material(m, false);
            }
        }
        let mut title = String::from("untitled");
        let mut resolution = [1280, 720];
        let mut fps = 30u32;
        let mut duration_secs = None;
        let mut world = ir::World {
            gravity_mps2: 9.81,
            sky: ir::Sky::Noon,
            sun_direction: normalize([-0.4, -1.0, -0.3]),
            sun_strength: 3.0,
            floor_color: [0.16, 0.14, 0.12],
            ground: None,
        };
        let mut scene_seen: Option<Span> = None;
        let mut world_seen: Option<Span> = None;
        let mut timelines = Vec::new();
        // The set's pieces first, so the scene's own things can stand on them.
        let set = self.set_pieces(&file.items);
        if let Some(s) = &set {
            for p in &s.props {
                self.entity(p, EntityKind::Prop);
            }
            for l in &s.lights {
                self.light(l);
            }
            for a in &s.borrowed {
                self.imported.remove(a);
            }
        }
        let set_world = set.as_ref().and_then(|s| s.world.as_ref());
        if let (Some(w), false) = (set_world, file.items.iter().any(|i| matches!(i, ast::Item::World(_)))) {
            self.world(w, &mut world);
        }
        for item in &file.items {
            match item {
                ast::Item::Scene(s) => {
                    if self.module_only(s.span, "scene") || !self.first_block(&mut scene_seen, s.span, "scene") {
                        continue;
                    }
                    title = s.title.value.clone();
                    self.scene_settings(&s.props, &mut resolution, &mut fps, &mut duration_secs);
                }
                ast::Item::World(w) => {
                    if self.module_only(w.span, "world") || !self.first_block(&mut world_seen, w.span, "world") {
                        continue;
                    }
                    let merged = Self::merged_world(set_world, Some(&w.props)).unwrap_or_else(|| w.props.clone());
                    self.world(&merged, &mut world);
                }
                ast::Item::Prop(p) => self.entity(p, EntityKind::Prop),
                ast::Item::Actor(a) => self.entity(a, EntityKind::Actor),
                ast::Item::Camera(cam) => self.camera(cam),
                ast::Item::Timeline(t) => {
                    if !self.module_only(t.span, "timeline") {
                        timelines.push(t)
                    }
                }
                ast::Item::Archetype(a) => self.stdlib_only(a.span, "archetype"),
                ast::Item::Builtin(b) => self.stdlib_only(b.span, "builtin"),
                ast::Item::Light(l) => self.light(l),
                ast::Item::Material(_) | ast::Item::Use(_) | ast::Item::Set(_) | ast::Item::Error(_) => {}
            }
        }
        let count = self.props.len() + self.actors.len() + self.cameras.len();
        if count > MAX_ENTITIES {
            self.err(
                Diag::error(Code::E0208, Span::new(0, 0), format!("{count} props, actors and cameras: more than the limit of {MAX_ENTITIES}"))
                    .help("split the scene"),
            );
        }
        self.duration_secs = duration_secs;
        // Bindings from every track first, so events may be referenced in any order.
        for t in &timelines {
            for tr in &t.tracks {
                self.collect_bindings(&tr.stmts);
            }
        }
        let all_tracks: Vec<&ast::Track> = timelines.iter().flat_map(|t| &t.tracks).collect();
        self.note_group_bindings(&all_tracks);
        let (actor_tracks, prop_tracks, camera_tracks) = self.tracks(&timelines);
        if self.using.is_empty() {
            self.lint_unused(&actor_tracks, &camera_tracks, &timelines);
            self.lint_overlaps();
        }
        self.check_cycles();
        Some(ir::Scene {
            groups: std::mem::take(&mut self.groups),
            event_groups: std::mem::take(&mut self.event_groups),
            version: ir::IR_VERSION,
            title,
            resolution,
            fps,
            duration_secs,
            world,
            props: std::mem::take(&mut self.props),
            actors: std::mem::take(&mut self.actors),
            cameras: std::mem::take(&mut self.cameras),
            lights: std::mem::take(&mut self.lights),
            actor_tracks,
            prop_tracks,
            camera_tracks,
            folder: self.dir.clone(),
        })
    }
}

/// "actor", "actor or camera", "actor, camera or prop".
fn one_of(kinds: &[EntityKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The bearing from a target's facing that a side word names (0: in front, π/2: its left).
fn side_bearing(word: &str) -> Option<f32> {
    use std::f32::consts::{FRAC_PI_2, PI};
    match word {
        "front" => Some(0.0),
        "left" => Some(FRAC_PI_2),
        "right" => Some(-FRAC_PI_2),
        "behind" => Some(PI),
        _ => None,
    }
}

/// A move's `ease` (declared with a default in the stdlib).
fn ease_of(b: &Bound) -> ir::Ease {
    match b.word("ease") {
        Some("linear") => ir::Ease::Linear,
        Some("in") => ir::Ease::In,
        Some("out") => ir::Ease::Out,
        _ => ir::Ease::InOut,
    }
}

/// About how long a motion takes in story time, for W0003.
fn motion_secs(m: &ir::Motion) -> f64 {
    match m {
        ir::Motion::Locomotion { duration_secs, .. } => *duration_secs as f64,
        ir::Motion::Swing { duration_secs, .. } => *duration_secs as f64,
        ir::Motion::Idle { duration_secs } => duration_secs.unwrap_or(0.0) as f64,
        ir::Motion::RaiseArms { duration_secs }
        | ir::Motion::Kick { duration_secs, .. }
        | ir::Motion::Point { duration_secs, .. }
        | ir::Motion::Turn { duration_secs, .. } => *duration_secs as f64,
        ir::Motion::Wave { duration_secs, .. } => *duration_secs as f64,
        ir::Motion::Stop { duration_secs }
        | ir::Motion::Land { duration_secs }
        | ir::Motion::Climb { duration_secs, .. }
        | ir::Motion::Balance { duration_secs, .. }
        | ir::Motion::BalanceOnPalm { duration_secs, .. }
        | ir::Motion::Push { duration_secs, .. }
        | ir::Motion::Throw { duration_secs, .. }
        | ir::Motion::Put { duration_secs, .. }
        | ir::Motion::Catch { duration_secs, .. } => *duration_secs as f64,
        ir::Motion::Mark => 0.0,
        ir::Motion::Watch { duration_secs, .. } | ir::Motion::Chase { duration_secs, .. } => *duration_secs as f64,
        ir::Motion::Crouch { hold_secs, duration_secs, .. } | ir::Motion::Bow { hold_secs, duration_secs, .. } => (*hold_secs + 2.0 * *duration_secs) as f64,
        ir::Motion::Sit { hold_secs, duration_secs, .. } => hold_secs.map_or(*duration_secs as f64, |h| h as f64 + 2.0 * *duration_secs as f64),
        ir::Motion::LieDown { hold_secs, duration_secs, roll_rad } => match hold_secs {
            Some(h) => *h as f64 + 2.0 * *duration_secs as f64,
            None => *duration_secs as f64 + roll_rad.map_or(0.0, |r| r.abs() as f64 / std::f64::consts::TAU * 1.2),
        },
        ir::Motion::Jump { up_m, plant_hands, .. } => 0.1 + 2.0 * (2.0 * if *plant_hands { 0.4 } else { *up_m as f64 } / 9.81).sqrt() + 0.45,
    }
}

fn has_top(k: &ir::PropKind) -> bool {
    matches!(k, ir::PropKind::Table { .. } | ir::PropKind::Chair { .. } | ir::PropKind::Block { .. } | ir::PropKind::Soft { .. })
}

fn is_dynamic(k: &ir::PropKind) -> bool {
    matches!(k, ir::PropKind::Ball { .. } | ir::PropKind::Cup { .. } | ir::PropKind::Block { dynamic: true, .. })
}

fn placeholder_actor(name: &str) -> ir::Actor {
    ir::Actor {
        name: name.into(),
        archetype: ir::Archetype::Humanoid,
        height_m: 1.75,
        color: [0.5; 3],
        position_m: [0.0; 3],
        facing_rad: 0.0,
        holds: None,
        holds_prop: None,
        model: None,
        look: None,
        rest_m: None,
    }
}

fn normalize(v: [f32; 3]) -> [f32; 3] {
    let l = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-9);
    [v[0] / l, v[1] / l, v[2] / l]
}

/// A tree's trunk's half width, in heights.
const TRUNK: f32 = ir::TREE_TRUNK;

/// A prop's world bounds (min, max) as the physics sees what others may touch: a table's top
/// slab, a chair up to its seat, the rest whole (a turned block's bounds turned with it).
fn prop_bounds(p: &ir::Prop) -> ([f32; 3], [f32; 3]) {
    let [x, y, z] = p.position_m;
    let around = |hx: f32, hz: f32, y0: f32, y1: f32| ([x - hx, y0, z - hz], [x + hx, y1, z + hz]);
    // A turned footprint's bounds.
    let (c, sn) = (p.yaw_rad().cos().abs(), p.yaw_rad().sin().abs());
    let turned = |s: [f32; 3], y0: f32, y1: f32| around(c * s[0] / 2.0 + sn * s[2] / 2.0, sn * s[0] / 2.0 + c * s[2] / 2.0, y0, y1);
    match p.kind {
        ir::PropKind::Ball { radius_m: r, .. } => ([x - r, y - r, z - r], [x + r, y + r, z + r]),
        ir::PropKind::Cup { radius_m: r, height_m: h, .. } => around(r, r, y, y + h),
        ir::PropKind::Tree { height_m: h, .. } => around(TRUNK * h, TRUNK * h, y, y + h),
        ir::PropKind::Table { size_m: s, .. } => turned(s, y + s[1] - 0.03, y + s[1]),
        ir::PropKind::Chair { size_m: s, seat_m, .. } => turned(s, y, y + seat_m),
        // Tilted about its z axis through its centre: the box round the tilted one.
        ir::PropKind::Soft { size_m: s, .. } | ir::PropKind::Bin { size_m: s, .. } => turned(s, y, y + s[1]),
        ir::PropKind::Block { size_m: s, tilt_rad, .. } => {
            let (ts, tc) = (tilt_rad.sin().abs(), tilt_rad.cos().abs());
            let (wide, tall) = (tc * s[0] + ts * s[1], ts * s[0] + tc * s[1]);
            let mid = y + s[1] / 2.0;
            turned([wide, tall, s[2]], mid - tall / 2.0, mid + tall / 2.0)
        }
    }
}
