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

use args::{bind, Bound, Got};
use reel_diag::{suggest, Diag};
use reel_ir as ir;
use reel_syntax::{self as ast, Ident, PropsBlock, Span, StmtKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use vocab::*;

/// Documented limits (docs/reference.md).
pub use reel_ir::{output_limits, MAX_DURATION_SECS, MAX_FPS, MAX_HEIGHT, MAX_WIDTH};
pub const MAX_ENTITIES: usize = 256;
pub const MAX_LIGHTS: usize = 8;

pub fn check(file: &ast::File) -> (Option<ir::Scene>, Vec<Diag>) {
    check_in(file, None)
}

/// Check a scene in folder `dir`: `use NAME` loads `dir/NAME.scene`.
pub fn check_in(file: &ast::File, dir: Option<&Path>) -> (Option<ir::Scene>, Vec<Diag>) {
    let mut c = Checker { dir: dir.map(Path::to_path_buf), ..Checker::default() };
    let scene = c.file(file);
    (scene, c.diags)
}

/// How deep `use` of local files may chain.
pub const MAX_USE_DEPTH: usize = 8;

#[derive(Default)]
struct Checker {
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
    fn name(self) -> &'static str {
        match self {
            EntityKind::Prop => "prop",
            EntityKind::Actor => "actor",
            EntityKind::Camera => "camera",
            EntityKind::Light => "light",
        }
    }
}

/// A prop's colour: the `color` it was given, else its material's, else its declared default.
fn surface_color(color: Option<&Bound>, material: Option<Material>) -> [f32; 3] {
    match (color, material) {
        (Some(b), Some(m)) if b.defaulted => m.color,
        (Some(b), _) => color_of(b, "color", [0.5; 3]),
        (None, Some(m)) => m.color,
        (None, None) => [0.5; 3],
    }
}

fn color_of(b: &Bound, key: &str, default: [f32; 3]) -> [f32; 3] {
    match b.get(key) {
        Some((Got::Color(c), _)) => ir::srgb_to_linear(*c),
        _ => default,
    }
}

impl Checker {
    fn err(&mut self, d: Diag) {
        self.diags.push(d);
    }

    /// Bind a `{ key args… }` block against property specs. Unknown and repeated keys are
    /// reported; each known key gets its own bound arguments.
    fn props<'a>(&mut self, block: Option<&'a PropsBlock>, what: &str, specs: &[PropSpec]) -> BTreeMap<&'static str, Bound<'a>> {
        let mut out: BTreeMap<&'static str, Bound<'a>> = BTreeMap::new();
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let props = block.map(|b| b.props.as_slice()).unwrap_or(&[]);
        for p in props {
            let Some(spec) = specs.iter().find(|s| s.key == p.key.name) else {
                let mut d = Diag::error("E0203", p.key.span, format!("{what} has no property `{}`", p.key.name)).label("unknown property");
                d = match suggest(&p.key.name, specs.iter().map(|s| s.key)) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("{what} takes: {}", specs.iter().map(|s| format!("`{}`", s.key)).collect::<Vec<_>>().join(", "))),
                };
                self.err(d);
                continue;
            };
            if let Some(prev) = seen.get(spec.key) {
                let d = Diag::error("E0205", p.key.span, format!("`{}` is given twice", spec.key))
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
    fn first_block(&mut self, seen: &mut Option<Span>, span: Span, what: &str) -> bool {
        if let Some(prev) = *seen {
            let d = Diag::error("E0104", span, format!("a second `{what}` block")).label("again here").with(prev, "first here");
            self.err(d.help(format!("a file has one `{what}` block")));
            return false;
        }
        *seen = Some(span);
        true
    }

    /// A number property that must lie in `range`: its value, or `None` when absent or out
    /// of range (then with an E0208 saying `message`).
    fn ranged(&mut self, b: Option<&Bound>, key: &str, range: std::ops::RangeInclusive<f64>, message: &str, help: Option<&str>) -> Option<f32> {
        let b = b?;
        let v = b.num(key)?;
        if range.contains(&v) {
            return Some(v as f32);
        }
        let mut d = Diag::error("E0208", b.span(key).unwrap_or_default(), message).label("out of range");
        if let Some(h) = help {
            d = d.help(h);
        }
        self.err(d);
        None
    }

    fn declare(&mut self, name: &Ident, kind: EntityKind, index: usize) {
        if let Some((prev_kind, _, prev)) = self.names.get(&name.name) {
            let d = Diag::error("E0104", name.span, format!("`{}` is declared twice", name.name))
                .label("declared again here")
                .with(*prev, format!("first declared here as {} {}", if *prev_kind == EntityKind::Actor { "an" } else { "a" }, prev_kind.name()))
                .help("give each prop, actor and camera its own name");
            self.err(d);
            return;
        }
        self.names.insert(name.name.clone(), (kind, index, name.span));
    }

    /// Resolve a name to an entity of the wanted kind, with a suggestion when unknown.
    fn resolve(&mut self, name: &Ident, want: &[EntityKind]) -> Option<(EntityKind, usize)> {
        match self.names.get(&name.name) {
            Some((k, i, _)) if want.contains(k) => Some((*k, *i)),
            Some((k, _, span)) => {
                let wanted = one_of(want);
                let d = Diag::error("E0101", name.span, format!("`{}` is a {}, not a {wanted}", name.name, k.name()))
                    .label(format!("expected a {wanted}"))
                    .with(*span, "declared here");
                self.err(d);
                None
            }
            None => {
                let candidates: Vec<String> = self.names.iter().filter(|(_, (k, _, _))| want.contains(k)).map(|(n, _)| n.clone()).collect();
                let wanted = one_of(want);
                let mut d = Diag::error("E0101", name.span, format!("unknown {wanted} `{}`", name.name)).label("not declared");
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

    fn file(&mut self, file: &ast::File) -> Option<ir::Scene> {
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
        };
        let mut scene_seen: Option<Span> = None;
        let mut world_seen: Option<Span> = None;
        let mut timelines = Vec::new();
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
                    self.world(&w.props, &mut world);
                }
                ast::Item::Prop(p) => self.prop(p),
                ast::Item::Actor(a) => self.actor(a),
                ast::Item::Camera(cam) => self.camera(cam),
                ast::Item::Timeline(t) => {
                    if !self.module_only(t.span, "timeline") {
                        timelines.push(t)
                    }
                }
                ast::Item::Archetype(a) => self.stdlib_only(a.span, "archetype"),
                ast::Item::Builtin(b) => self.stdlib_only(b.span, "builtin"),
                ast::Item::Light(l) => self.light(l),
                ast::Item::Material(_) | ast::Item::Use(_) | ast::Item::Error(_) => {}
            }
        }
        let count = self.props.len() + self.actors.len() + self.cameras.len();
        if count > MAX_ENTITIES {
            self.err(
                Diag::error("E0208", Span::new(0, 0), format!("{count} props, actors and cameras: more than the limit of {MAX_ENTITIES}"))
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
        let mut actor_tracks = Vec::new();
        let mut prop_tracks = Vec::new();
        let mut camera_tracks = Vec::new();
        let mut track_seen: BTreeMap<String, Span> = BTreeMap::new();
        for t in &timelines {
            for tr in &t.tracks {
                if let Some(prev) = track_seen.get(&tr.target.name) {
                    let d = Diag::error("E0104", tr.target.span, format!("a second track for `{}`", tr.target.name))
                        .label("again here")
                        .with(*prev, "first track here")
                        .help("put all of its statements in one track; use `together { … }` or `during` for parallel motion");
                    self.err(d);
                    continue;
                }
                track_seen.insert(tr.target.name.clone(), tr.target.span);
                match self.resolve(&tr.target, &[EntityKind::Actor, EntityKind::Camera, EntityKind::Prop]) {
                    Some((EntityKind::Prop, i)) => {
                        let archetype = self.prop_archetypes.get(i).cloned().unwrap_or_default();
                        if let Some(items) = self.prop_track(&archetype, &tr.stmts) {
                            prop_tracks.push(ir::PropTrack { prop: i, items });
                        }
                    }
                    Some((EntityKind::Actor, i)) => {
                        let archetype = self.actor_archetypes.get(i).cloned().unwrap_or_default();
                        actor_tracks.push(ir::ActorTrack { actor: i, items: self.actor_track(&archetype, &tr.stmts) })
                    }
                    Some((EntityKind::Camera, i)) => camera_tracks.push(ir::CameraTrack { camera: i, items: self.camera_track(&tr.stmts) }),
                    _ => {}
                }
            }
        }
        if self.using.is_empty() {
            self.lint_unused(&actor_tracks, &camera_tracks, &timelines);
            self.lint_overlaps();
        }
        self.check_cycles();
        Some(ir::Scene {
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

    /// W0006: a moving prop (ball, box, domino, cup) that starts inside another prop or the
    /// floor. The simulation moves it out before the story starts (without speed), so it is
    /// not where it is written; touching (resting on a top) is fine.
    fn lint_overlaps(&mut self) {
        const DEPTH_M: f32 = 0.002;
        let boxes: Vec<([f32; 3], [f32; 3])> = self.props.iter().map(prop_bounds).collect();
        let moving = |p: &ir::Prop| matches!(p.kind, ir::PropKind::Ball { .. } | ir::PropKind::Cup { .. } | ir::PropKind::Block { dynamic: true, .. });
        let span_of = |names: &BTreeMap<String, (EntityKind, usize, Span)>, p: &ir::Prop| names.get(&p.name).map(|n| n.2).unwrap_or_default();
        let mut found = Vec::new();
        for (i, a) in self.props.iter().enumerate() {
            if !moving(a) {
                continue;
            }
            if boxes[i].0[1] < -DEPTH_M {
                found.push(
                    Diag::warning("W0006", span_of(&self.names, a), format!("`{}` starts {:.0} cm into the floor", a.name, -boxes[i].0[1] * 100.0))
                        .label("starts inside the floor"),
                );
            }
            for (j, b) in self.props.iter().enumerate() {
                // Each pair once; a moving prop against a fixed one, or two moving ones.
                if i == j || (moving(b) && j < i) {
                    continue;
                }
                let depth = (0..3).map(|k| boxes[i].1[k].min(boxes[j].1[k]) - boxes[i].0[k].max(boxes[j].0[k])).fold(f32::INFINITY, f32::min);
                if depth > DEPTH_M {
                    found.push(
                        Diag::warning("W0006", span_of(&self.names, a), format!("`{}` starts inside `{}`", a.name, b.name))
                            .label("starts overlapping")
                            .with(span_of(&self.names, b), "this one")
                            .help("move one of them: before the story starts the simulation pushes them apart, so neither starts where it is written"),
                    );
                }
            }
        }
        for d in found {
            self.err(d);
        }
    }

    /// Warnings for what is legal but likely wrong.
    fn lint_unused(&mut self, actor_tracks: &[ir::ActorTrack], camera_tracks: &[ir::CameraTrack], timelines: &[&ast::Timeline]) {
        let names: Vec<(String, EntityKind, usize, Span)> = self.names.iter().map(|(n, (k, i, s))| (n.clone(), *k, *i, *s)).collect();
        for (name, kind, i, span) in names {
            let unused = match kind {
                EntityKind::Actor => !actor_tracks.iter().any(|t| t.actor == i) && !self.filmed.contains(&i),
                EntityKind::Camera => !camera_tracks.iter().any(|t| t.camera == i),
                EntityKind::Prop | EntityKind::Light => false,
            };
            if unused {
                let what = kind.name();
                self.err(
                    Diag::warning("W0001", span, format!("the {what} `{name}` is never used"))
                        .label("declared here")
                        .help(format!("give `{name}` a track in `timeline`, or remove it")),
                );
            }
        }
        for t in camera_tracks {
            let looks = t.items.iter().any(|it| match &it.action {
                ir::CameraAction::Shot(_) => true,
                ir::CameraAction::Freeze { shots, .. } => !shots.is_empty(),
                _ => false,
            });
            if !looks && !t.items.is_empty() {
                if let Some((name, (_, _, span))) = self.names.iter().find(|(_, (k, i, _))| *k == EntityKind::Camera && *i == t.camera) {
                    let d = Diag::warning("W0004", *span, format!("the camera `{name}` never looks at anything"))
                        .label("no shot in its track")
                        .help(format!("give `{name}` a shot or a move, e.g. `wide ACTOR` or `follow ACTOR`"));
                    self.err(d);
                }
            }
        }
        if camera_tracks.is_empty() && !actor_tracks.is_empty() {
            let span = timelines.first().map(|t| t.span).unwrap_or_default();
            let span = Span::new(span.start, span.start + "timeline".len().min(span.end - span.start));
            self.err(
                Diag::warning("W0002", span, "no camera track: nothing says how to film this")
                    .label("no camera in this timeline")
                    .help("declare `camera cam { lens 35mm }` and give it a track, e.g. `cam { follow ACTOR }`"),
            );
        }
    }

    fn use_decl(&mut self, u: &ast::UseDecl) {
        if u.path.first().is_some_and(|p| p.name != "std") {
            self.use_local(u);
            return;
        }
        let mut names: Vec<(String, &Ident)> = Vec::new();
        if u.group.is_empty() {
            if let Some((last, parent)) = u.path.split_last() {
                let module = parent.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(".");
                names.push((module, last));
            }
        } else {
            let module = u.path.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(".");
            for g in &u.group {
                names.push((module.clone(), g));
            }
        }
        for (module, item) in names {
            let modules = lib().modules();
            let Some(items) = modules.iter().find(|m| **m == module).map(|m| lib().module_items(m)) else {
                let span = u.path.first().map(|f| f.span.join(u.path.last().unwrap().span)).unwrap_or(u.span);
                let mut d = Diag::error("E0105", span, format!("unknown module `{module}`")).label("no such module");
                d = match suggest(&module, modules.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("the standard library has: {}", modules.join(", "))),
                };
                self.err(d);
                return;
            };
            if !items.contains(&item.name.as_str()) {
                let mut d = Diag::error("E0105", item.span, format!("`{module}` has no `{}`", item.name)).label("not in this module");
                d = match suggest(&item.name, items.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("`{module}` has: {}", items.join(", "))),
                };
                self.err(d);
                continue;
            }
            self.imported.insert(item.name.clone());
        }
    }

    /// `use NAME`: the declarations of `NAME.scene` in the scene's own folder.
    fn use_local(&mut self, u: &ast::UseDecl) {
        let whole = u.path.first().map(|f| f.span.join(u.path.last().unwrap().span)).unwrap_or(u.span);
        if u.path.len() != 1 || !u.group.is_empty() {
            self.err(
                Diag::error("E0111", whole, "only the standard library and files in this scene's folder can be used")
                    .label("outside the stdlib and this folder")
                    .help("write `use std.MODULE.ITEM` for the stdlib, or `use NAME` for NAME.scene beside this file"),
            );
            return;
        }
        let name = &u.path[0].name;
        let Some(dir) = self.dir.clone() else {
            self.err(
                Diag::error("E0110", whole, format!("there is no folder to find `{name}.scene` in"))
                    .label("not a stdlib module")
                    .help("this text was not read from a file; save it beside the file it uses"),
            );
            return;
        };
        let path = dir.join(format!("{name}.scene"));
        let (Ok(real), Ok(real_dir)) = (path.canonicalize(), dir.canonicalize()) else {
            let mut d = Diag::error("E0110", whole, format!("no file `{name}.scene` in this scene's folder")).label("not found");
            let local: Vec<String> = std::fs::read_dir(&dir)
                .map(|rd| rd.filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".scene").map(str::to_string)).collect())
                .unwrap_or_default();
            let stdlib = lib().modules();
            d = match suggest(name, local.iter().map(|s| s.as_str()).chain(stdlib.iter().copied())) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("`use NAME` reads NAME.scene beside this file; the stdlib has {}", stdlib.join(", "))),
            };
            self.err(d);
            return;
        };
        if real.parent() != Some(real_dir.as_path()) {
            self.err(
                Diag::error("E0111", whole, format!("`{name}.scene` leads outside this scene's folder"))
                    .label("a link to a file elsewhere")
                    .help("copy the file into this scene's folder"),
            );
            return;
        }
        if self.using.contains(&real) || self.using.len() >= MAX_USE_DEPTH {
            self.err(
                Diag::error("E0110", whole, format!("`{name}.scene` uses itself, through a loop of `use`s or more than {MAX_USE_DEPTH} deep"))
                    .label("used in a loop")
                    .help("used files may use others, but not in a loop"),
            );
            return;
        }
        let bytes = match std::fs::metadata(&real) {
            Ok(m) if m.len() as usize > reel_syntax::MAX_SOURCE_BYTES => Err("too large".to_string()),
            _ => std::fs::read(&real).map_err(|e| e.to_string()),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                self.err(Diag::error("E0110", whole, format!("cannot read `{name}.scene`: {e}")).label("unreadable"));
                return;
            }
        };
        let (src, bad) = crate::decode_source(bytes);
        let (ast, mut diags) = reel_syntax::parse(&src);
        let mut sub = Checker { dir: Some(dir), using: self.using.iter().cloned().chain([real]).collect(), ..Checker::default() };
        let scene = sub.file(&ast);
        diags.extend(bad);
        diags.extend(sub.diags.drain(..));
        let errors: Vec<&Diag> = diags.iter().filter(|d| d.severity == reel_diag::Severity::Error).collect();
        if let Some(first) = errors.iter().min_by_key(|d| d.span.start) {
            let (line, col) = reel_diag::line_col(&src, first.span.start);
            self.err(
                Diag::error("E0110", whole, format!("`{name}.scene` has {} error(s); the first, at {line}:{col}: {}", errors.len(), first.message))
                    .label("this file does not check")
                    .help(format!("run `reel check {name}.scene`")),
            );
            return;
        }
        // Take its declarations as if written here, at the `use`.
        let Some(scene) = scene else { return };
        let at = |n: &str| Ident { name: n.to_string(), span: whole };
        for (p, arch) in scene.props.into_iter().zip(std::mem::take(&mut sub.prop_archetypes)) {
            self.prop_archetypes.push(arch);
            self.declare(&at(&p.name), EntityKind::Prop, self.props.len());
            self.props.push(p);
        }
        for (a, arch) in scene.actors.into_iter().zip(std::mem::take(&mut sub.actor_archetypes)) {
            self.declare(&at(&a.name), EntityKind::Actor, self.actors.len());
            self.actor_archetypes.push(arch);
            self.actors.push(a);
        }
        for l in scene.lights {
            self.declare(&at(&l.name), EntityKind::Light, self.lights.len());
            self.lights.push(l);
        }
        for c in scene.cameras {
            self.declare(&at(&c.name), EntityKind::Camera, self.cameras.len());
            self.cameras.push(c);
        }
        self.imported.extend(sub.imported);
    }

    /// A `material` declaration: checked and remembered by name. `stock` ones come from the
    /// stdlib and are checked silently (their spans are in another file).
    fn material(&mut self, m: &ast::MaterialDecl, stock: bool) {
        let before = self.diags.len();
        let p = self.props(Some(&m.props), "a `material`", props_of("material"));
        let color = p.get("color").map(|b| color_of(b, "color", [0.5; 3])).unwrap_or([0.5; 3]);
        let roughness = self.ranged(p.get("roughness"), "value", 0.0..=1.0, "roughness must be between 0 and 1", None).unwrap_or(0.6);
        let metalness = self.ranged(p.get("metalness"), "value", 0.0..=1.0, "metalness must be between 0 and 1", None).unwrap_or(0.0);
        let help = Some("1 bounces back to the same height, 0 does not bounce");
        let restitution = self.ranged(p.get("bounciness"), "restitution", 0.0..=1.0, "bounciness must be between 0 and 1", help).unwrap_or(0.5);
        let friction = self.ranged(p.get("friction"), "coefficient", 0.0..=2.0, "friction must be between 0 and 2", None).unwrap_or(0.5);
        let density =
            self.ranged(p.get("density"), "kg_per_m3", 1.0..=25000.0, "density must be between 1 and 25000 kg per cubic metre", None).unwrap_or(700.0);
        if stock {
            self.diags.truncate(before);
        } else if let Some((_, prev)) = self.materials.get(&m.name.name).filter(|(_, s)| *s != Span::default()) {
            let d = Diag::error("E0104", m.name.span, format!("the material `{}` is declared twice", m.name.name))
                .label("declared again here")
                .with(*prev, "first declared here")
                .help("give each material its own name");
            self.err(d);
            return;
        }
        let span = if stock { Span::default() } else { m.name.span };
        let finish = ir::Finish { roughness, metalness };
        self.materials.insert(m.name.name.clone(), (Material { color, finish, restitution, friction, density }, span));
    }

    /// The material a `material NAME` property names, with a suggestion when unknown.
    fn material_named(&mut self, b: Option<&Bound>) -> Option<Material> {
        let (Got::Name(path), span) = b?.get("material")? else { return None };
        if let Some((m, _)) = self.materials.get(&path[0].name) {
            return Some(*m);
        }
        let mut d = Diag::error("E0101", *span, format!("unknown material `{}`", path[0].name)).label("not declared");
        d = match suggest(&path[0].name, self.materials.keys().map(|s| s.as_str())) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!("declare it with `material {} {{ … }}`, or use a stock one: rubber, wood, steel, plastic", path[0].name)),
        };
        self.err(d);
        None
    }

    /// In a used file: only declarations.
    fn module_only(&mut self, span: Span, what: &str) -> bool {
        if self.using.is_empty() {
            return false;
        }
        let span = Span::new(span.start, span.start + what.len().min(span.end - span.start));
        self.err(
            Diag::error("E0110", span, format!("a used file holds declarations only, not `{what}`"))
                .label("not in a used file")
                .help("keep `scene`, `world` and `timeline` in the scene that uses this file"),
        );
        true
    }

    fn archetype(&mut self, arch: &Ident, class: &str, what: &str) -> bool {
        let allowed = lib().archetypes_of(class);
        if !allowed.contains(&arch.name.as_str()) {
            let mut d = Diag::error("E0106", arch.span, format!("`{}` is not {what} archetype", arch.name)).label("unknown archetype");
            d = match suggest(&arch.name, allowed.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("known archetypes: {}", allowed.join(", "))),
            };
            self.err(d);
            return false;
        }
        if !self.imported.contains(&arch.name) {
            let module = lib().archetype(&arch.name).map(|a| a.module).unwrap_or("std");
            let d = Diag::error("E0106", arch.span, format!("`{}` is not imported", arch.name))
                .label("not in scope")
                .help(format!("add `use {module}.{}` at the top of the file", arch.name));
            self.err(d);
            return false;
        }
        true
    }

    fn scene_settings(&mut self, block: &PropsBlock, resolution: &mut [u32; 2], fps: &mut u32, duration: &mut Option<f64>) {
        let p = self.props(Some(block), "`scene`", props_of("scene"));
        if let Some(b) = p.get("resolution") {
            if let Some((Got::Resolution(w, h), span)) = b.get("size") {
                if *w < 16 || *h < 16 || *w > MAX_WIDTH || *h > MAX_HEIGHT || w % 2 != 0 || h % 2 != 0 {
                    self.err(
                        Diag::error("E0208", *span, format!("resolution {w}x{h} is outside the limits"))
                            .label("unsupported resolution")
                            .help(format!("width and height must be even, at least 16 and at most {MAX_WIDTH}x{MAX_HEIGHT}")),
                    );
                } else {
                    *resolution = [*w, *h];
                }
            }
        }
        if let Some(b) = p.get("fps") {
            let (v, span) = (b.num("rate").unwrap_or(30.0), b.span("rate").unwrap_or_default());
            if v.fract() != 0.0 || !(1.0..=MAX_FPS).contains(&v) {
                self.err(
                    Diag::error("E0208", span, format!("fps {v} is outside the limits"))
                        .label("unsupported frame rate")
                        .help(format!("a whole number from 1 to {MAX_FPS}")),
                );
            } else {
                *fps = v as u32;
            }
        }
        if let Some(b) = p.get("duration") {
            let (v, span) = (b.num("length").unwrap_or(1.0), b.span("length").unwrap_or_default());
            if v <= 0.0 || v > MAX_DURATION_SECS {
                self.err(
                    Diag::error("E0208", span, format!("a duration of {v}s is outside the limits"))
                        .label("unsupported duration")
                        .help(format!("more than 0s and at most {MAX_DURATION_SECS}s")),
                );
            } else {
                *duration = Some(v);
            }
        }
    }

    fn world(&mut self, block: &PropsBlock, world: &mut ir::World) {
        let p = self.props(Some(block), "`world`", props_of("world"));
        if let Some(b) = p.get("gravity") {
            let g = b.num("strength").unwrap_or(9.81);
            if !(0.0..=1000.0).contains(&g) {
                let span = b.span("strength").unwrap_or_default();
                self.err(Diag::error("E0208", span, "gravity must be between 0 and 1000 m/s2").label("out of range"));
            } else {
                world.gravity_mps2 = g as f32;
            }
        }
        if let Some(w) = p.get("sky").and_then(|b| b.word("kind")) {
            world.sky = match w {
                "evening" => ir::Sky::Evening,
                "overcast" => ir::Sky::Overcast,
                _ => ir::Sky::Noon,
            };
        }
        if let Some(b) = p.get("floor") {
            world.floor_color = color_of(b, "color", world.floor_color);
        }
        if let Some(b) = p.get("sun") {
            if let Some((Got::Block(blk), _)) = b.get("settings") {
                let sp = self.props(Some(blk), "`sun`", props_of("sun"));
                if let Some(sb) = sp.get("direction") {
                    let v = sb.vec("vector").unwrap_or(&[0.0, -1.0, 0.0]);
                    let d = [v[0] as f32, v[1] as f32, v[2] as f32];
                    let len = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
                    if len < 1e-6 || d[1] >= 0.0 {
                        let span = sb.span("vector").unwrap_or_default();
                        self.err(
                            Diag::error("E0208", span, "the sun must shine downward")
                                .label("direction with no downward (-y) part")
                                .help("give the direction light travels, e.g. `(-0.4, -1, -0.3)`"),
                        );
                    } else {
                        world.sun_direction = normalize(d);
                    }
                }
                if let Some(s) = sp.get("strength").and_then(|b| b.num("value")) {
                    world.sun_strength = s.clamp(0.0, 100.0) as f32;
                }
            }
        }
    }

    fn prop(&mut self, d: &ast::EntityDecl) {
        let index = self.props.len();
        self.declare(&d.name, EntityKind::Prop, index);
        self.prop_archetypes.push(d.archetype.name.clone());
        if !self.archetype(&d.archetype, "prop", "a prop") {
            // Keep a placeholder so indices stay aligned with declarations.
            self.props.push(ir::Prop {
                name: d.name.name.clone(),
                kind: ir::PropKind::Table { size_m: [1.0, 0.75, 1.0] },
                position_m: [0.0; 3],
                color: [0.5; 3],
                finish: None,
                model: None,
            });
            return;
        }
        match d.archetype.name.as_str() {
            "ball" => return self.ball(d),
            "box" | "domino" | "wall" | "chair" | "cup" => return self.solid(d),
            _ => {}
        }
        let p = self.props(d.props.as_ref(), &format!("a `{}`", d.archetype.name), props_of(&d.archetype.name));
        let mut size = [1.6f32, 0.75, 0.9];
        if let Some(v) = p.get("size").and_then(|b| b.vec("size")) {
            if v.iter().any(|x| *x <= 0.0 || *x > 100.0) {
                let span = p["size"].span("size").unwrap_or_default();
                self.err(Diag::error("E0208", span, "every side of a table must be more than 0m and at most 100m").label("out of range"));
            } else {
                size = [v[0] as f32, v[1] as f32, v[2] as f32];
            }
        }
        let mut pos = [0.0f32, 0.0, 0.0];
        if let Some(v) = p.get("at").and_then(|b| b.vec("position")) {
            pos = [v[0] as f32, 0.0, v[1] as f32];
        }
        let material = self.material_named(p.get("material"));
        let color = surface_color(p.get("color"), material);
        let finish = material.map(|m| m.finish);
        let model = self.model_of(p.get("model"), None);
        self.props.push(ir::Prop { name: d.name.name.clone(), kind: ir::PropKind::Table { size_m: size }, position_m: pos, color, finish, model });
    }

    fn ball(&mut self, d: &ast::EntityDecl) {
        let p = self.props(d.props.as_ref(), "a `ball`", props_of("ball"));
        let radius = self.ranged(p.get("radius"), "length", 0.001..=10.0, "a ball's radius must be between 1mm and 10m", None).unwrap_or(0.05);
        let material = self.material_named(p.get("material"));
        let (mut restitution, friction, density) = material.map_or((0.8, 0.8, 400.0), |m| (m.restitution, m.friction, m.density));
        let help = Some("1 bounces back to the same height, 0 does not bounce");
        if let Some(e) = self.ranged(p.get("bounciness"), "restitution", 0.0..=1.0, "bounciness must be between 0 and 1", help) {
            restitution = e;
        }
        let mut pos = [0.0f32, radius, 0.0];
        if let Some(v) = p.get("at").and_then(|b| b.vec("position")) {
            pos = [v[0] as f32, v[1] as f32, v[2] as f32];
        }
        if let Some(b) = p.get("on") {
            if let Some(base) = self.surface_point(b, radius) {
                pos = base;
            }
        }
        let velocity = p.get("velocity").and_then(|b| b.vec("velocity")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or([0.0; 3]);
        if velocity.iter().any(|c| c.abs() > 1000.0) {
            self.err(Diag::error("E0208", p["velocity"].span("velocity").unwrap_or_default(), "a speed must be at most 1000 m/s").label("out of range"));
        }
        let color = surface_color(p.get("color"), material.filter(|_| p.get("material").is_some_and(|b| !b.defaulted)));
        let model = self.model_of(p.get("model"), None);
        self.props.push(ir::Prop {
            name: d.name.name.clone(),
            kind: ir::PropKind::Ball { radius_m: radius, velocity_mps: velocity, restitution, friction, density_kgpm3: density },
            position_m: pos,
            color,
            finish: material.map(|m| m.finish),
            model,
        });
    }

    /// Boxes, dominoes, walls, chairs and cups: solid props with a size, a place, a turn
    /// and a material.
    fn solid(&mut self, d: &ast::EntityDecl) {
        let arch = d.archetype.name.as_str();
        let p = self.props(d.props.as_ref(), &format!("a `{arch}`"), props_of(arch));
        let material = self.material_named(p.get("material"));
        let color = surface_color(p.get("color"), material.filter(|_| p.get("material").is_some_and(|b| !b.defaulted)));
        let (restitution, friction, density) = material.map_or((0.5, 0.5, 700.0), |m| (m.restitution, m.friction, m.density));
        let mut size = p.get("size").and_then(|b| b.vec("size")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or([0.3; 3]);
        if arch == "cup" {
            let r = self.ranged(p.get("radius"), "length", 0.001..=10.0, "a cup's radius must be between 1mm and 10m", None).unwrap_or(0.04);
            let h = self.ranged(p.get("height"), "length", 0.001..=10.0, "a cup's height must be between 1mm and 10m", None).unwrap_or(0.1);
            size = [2.0 * r, h, 2.0 * r];
        } else if size.iter().any(|x| *x <= 0.0 || *x > 100.0) {
            let span = p["size"].span("size").unwrap_or_default();
            self.err(Diag::error("E0208", span, format!("every side of a {arch} must be more than 0m and at most 100m")).label("out of range"));
            size = [0.3; 3];
        }
        let mut pos = p.get("at").and_then(|b| b.vec("position")).map(|v| [v[0] as f32, 0.0, v[1] as f32]).unwrap_or([0.0; 3]);
        if let Some(b) = p.get("on") {
            if p.get("at").is_some_and(|a| !a.defaulted) {
                self.err(
                    Diag::error("E0205", p["at"].span("position").unwrap_or_default(), format!("`at` and `on` both place the {arch}"))
                        .label("placed twice")
                        .help("use `on PROP at (x, z)` on a prop, or `at (x, z)` on the floor"),
                );
            }
            if let Some(base) = self.surface_point(b, 0.0) {
                pos = base;
            }
        }
        let yaw = p.get("turn").and_then(|b| b.num("angle")).unwrap_or(0.0) as f32;
        let kind = match arch {
            "chair" => {
                let seat = self.ranged(p.get("seat"), "height", 0.01..=100.0, "a seat's height must be more than 1cm", None).unwrap_or(0.45);
                if seat >= size[1] {
                    let span = p.get("seat").map(|b| b.span("height").unwrap_or_default()).unwrap_or(d.name.span);
                    self.err(
                        Diag::error("E0208", span, "the seat must be lower than the chair's back")
                            .label("seat above the back")
                            .help("the chair's size y is its back's top"),
                    );
                }
                ir::PropKind::Chair { size_m: size, seat_m: seat.min(size[1] * 0.95) }
            }
            "cup" => ir::PropKind::Cup { radius_m: size[0] / 2.0, height_m: size[1], restitution, friction, density_kgpm3: density },
            _ => ir::PropKind::Block { size_m: size, yaw_rad: yaw, dynamic: arch != "wall", restitution, friction, density_kgpm3: density },
        };
        let finish = material.map(|m| m.finish);
        let model = self.model_of(p.get("model"), None);
        self.props.push(ir::Prop { name: d.name.name.clone(), kind, position_m: pos, color, finish, model });
    }

    /// `on PROP at (x, z)`: the point on the prop's top, raised by `lift`.
    fn surface_point(&mut self, b: &Bound, lift: f32) -> Option<[f32; 3]> {
        let Some((Got::Name(path), _)) = b.get("surface") else { return None };
        let (_, pi) = self.resolve(&path[0], &[EntityKind::Prop])?;
        // Only a prop declared before can carry this one (found by cargo-fuzz: a box `on`
        // itself indexed a prop not built yet).
        let Some(prop) = self.props.get(pi).cloned() else {
            self.err(
                Diag::error("E0101", path[0].span, format!("`{}` is not declared before this, so nothing can stand on it yet", path[0].name))
                    .label("declared later, or this very thing")
                    .help("declare what things stand on first: the table before the cup, the bottom box before the one on it"),
            );
            return None;
        };
        let Some(half) = prop.top_half_extents() else {
            self.err(
                Diag::error("E0101", path[0].span, format!("`{}` is not something to stand on", prop.name))
                    .label("no flat top")
                    .help("things stand on tables, boxes, chairs or the floor"),
            );
            return None;
        };
        let at = b.vec("at").map(|v| [v[0] as f32, v[1] as f32]).unwrap_or([0.0, 0.0]);
        if at[0].abs() > half[0] || at[1].abs() > half[1] {
            let span = b.span("at").unwrap_or_default();
            self.err(
                Diag::error("E0208", span, format!("this spot is off `{}`", prop.name))
                    .label(format!("outside the {:.2}m x {:.2}m top", 2.0 * half[0], 2.0 * half[1]))
                    .help("positions on a prop are measured from its centre"),
            );
        }
        Some([prop.position_m[0] + at[0], prop.top_m() + lift, prop.position_m[2] + at[1]])
    }

    fn actor(&mut self, d: &ast::EntityDecl) {
        let index = self.actors.len();
        self.declare(&d.name, EntityKind::Actor, index);
        self.actor_archetypes.push(d.archetype.name.clone());
        if !self.archetype(&d.archetype, "actor", "an actor") {
            // Keep a placeholder so indices stay aligned with declarations.
            self.actors.push(placeholder_actor(&d.name.name));
            return;
        }
        let p = self.props(d.props.as_ref(), "a `humanoid`", props_of(&d.archetype.name));
        let height = self.ranged(p.get("height"), "length", 0.01..=10.0, "a humanoid's height must be between 1cm and 10m", None).unwrap_or(1.75);
        let color = p.get("color").map(|b| color_of(b, "color", [0.0; 3])).unwrap_or(ir::srgb_to_linear([0xc8, 0x91, 0x2e]));
        let mut position = [0.0f32, 0.0, 0.0];
        let mut facing = 0.0f32;
        if let Some(b) = p.get("on") {
            if let Some(base) = self.surface_point(b, 0.0) {
                position = base;
            }
            if let Some((Got::Axis(neg, axis), span)) = b.get("facing") {
                facing = self.yaw_of(*neg, *axis, *span);
            }
        }
        if let Some(v) = p.get("at").and_then(|b| b.vec("position")) {
            if p.contains_key("on") {
                self.err(
                    Diag::error("E0205", p["at"].span("position").unwrap_or_default(), "`at` and `on` both place the actor")
                        .label("placed twice")
                        .help("use `on PROP at (x, z)` on a prop, or `at (x, z)` on the floor"),
                );
            } else {
                position = [v[0] as f32, 0.0, v[1] as f32];
            }
        }
        if let Some((Got::Axis(neg, axis), span)) = p.get("facing").and_then(|b| b.get("direction")) {
            facing = self.yaw_of(*neg, *axis, *span);
        }
        let mut holds = None;
        if let Some(b) = p.get("holds") {
            let mut length = 0.3 * height;
            let mut scolor = ir::srgb_to_linear([0x6b, 0x3a, 0x1e]);
            if let Some((Got::Block(blk), _)) = b.get("settings") {
                let sp = self.props(Some(blk), "a `staff`", props_of("staff"));
                if let Some(l) =
                    self.ranged(sp.get("length"), "length", f64::MIN_POSITIVE..=20.0, "a staff's length must be more than 0m and at most 20m", None)
                {
                    length = l;
                }
                if let Some(cb) = sp.get("color") {
                    scolor = color_of(cb, "color", scolor);
                }
            }
            if let Some((Got::Name(path), _)) = b.get("item") {
                let arch = &path[0];
                if self.archetype(arch, "held", "a held") {
                    let hand = if b.word("in") == Some("left_hand") { ir::Side::Left } else { ir::Side::Right };
                    holds = Some(ir::Held { kind: ir::HeldKind::Staff, length_m: length, color: scolor, hand });
                }
            }
        }
        let model = self.model_of(p.get("model"), Some(reel_model::FIGURE_PARTS));
        self.actors.push(ir::Actor {
            name: d.name.name.clone(),
            archetype: ir::Archetype::Humanoid,
            height_m: height,
            color,
            position_m: position,
            facing_rad: facing,
            holds,
            model,
        });
    }

    /// Heading about +y for an axis: 0 faces +x.
    fn yaw_of(&mut self, negative: bool, axis: char, span: Span) -> f32 {
        match (axis, negative) {
            ('x', false) => 0.0,
            ('x', true) => std::f32::consts::PI,
            ('z', false) => -std::f32::consts::FRAC_PI_2,
            ('z', true) => std::f32::consts::FRAC_PI_2,
            _ => {
                self.err(Diag::error("E0207", span, "an actor can only face a horizontal axis").label("vertical").help("use `+x`, `-x`, `+z` or `-z`"));
                0.0
            }
        }
    }

    fn light(&mut self, d: &ast::EntityDecl) {
        let index = self.lights.len();
        self.declare(&d.name, EntityKind::Light, index);
        if !self.archetype(&d.archetype, "light", "a light") {
            return;
        }
        if index >= MAX_LIGHTS {
            self.err(
                Diag::error("E0208", d.name.span, format!("more than {MAX_LIGHTS} lights"))
                    .label("one too many")
                    .help(format!("a scene has at most {MAX_LIGHTS} lights besides the sun")),
            );
            return;
        }
        let p = self.props(d.props.as_ref(), &format!("a `{}` light", d.archetype.name), props_of(&d.archetype.name));
        let position = p.get("at").and_then(|b| b.vec("position")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]);
        let Some(position) = position else {
            self.err(
                Diag::error("E0204", d.name.span, format!("the light `{}` has no position", d.name.name))
                    .label("where is it?")
                    .help("add `at (x, y, z)`, e.g. `at (0m, 3m, 0m)`"),
            );
            return;
        };
        let color = p.get("color").map(|b| color_of(b, "color", [1.0; 3])).unwrap_or([1.0; 3]);
        let intensity = self.ranged(p.get("intensity"), "value", 0.0..=1000.0, "a light's intensity must be between 0 and 1000", None).unwrap_or(5.0);
        let (mut direction, mut cone) = ([0.0, -1.0, 0.0], None);
        if d.archetype.name == "spot" {
            cone = self.ranged(p.get("angle"), "angle", 1f64.to_radians()..=170f64.to_radians(), "a spot's angle must be between 1deg and 170deg", None);
            let target = p.get("toward").and_then(|b| b.vec("target")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or([0.0; 3]);
            let dv = [target[0] - position[0], target[1] - position[1], target[2] - position[2]];
            if dv.iter().map(|c| c * c).sum::<f32>() < 1e-8 {
                let span = p.get("toward").map(|b| b.span("target").unwrap_or_default()).unwrap_or(d.name.span);
                self.err(Diag::error("E0208", span, "a spot cannot aim at the point it hangs at").label("no direction").help("aim it at another point"));
                return;
            }
            direction = normalize(dv);
        }
        self.lights.push(ir::Light {
            name: d.name.name.clone(),
            position_m: position,
            direction,
            cone_rad: cone.or(if d.archetype.name == "spot" { Some(0.7) } else { None }),
            color,
            intensity,
        });
    }

    fn camera(&mut self, d: &ast::CameraDecl) {
        let index = self.cameras.len();
        self.declare(&d.name, EntityKind::Camera, index);
        let p = self.props(d.props.as_ref(), "a `camera`", props_of("camera"));
        let mut fov = 2.0 * (12.0f64 / 35.0).atan();
        if let Some(b) = p.get("lens") {
            let f_mm = b.num("focal_length").unwrap_or(0.035) * 1000.0;
            if !(8.0..=800.0).contains(&f_mm) {
                self.err(Diag::error("E0208", b.span("focal_length").unwrap_or_default(), "a lens must be between 8mm and 800mm").label("out of range"));
            } else {
                fov = 2.0 * (12.0 / f_mm).atan();
            }
        }
        if let Some(b) = p.get("fov") {
            let a = b.num("angle").unwrap_or(fov);
            if !(0.01..=3.0).contains(&a) {
                self.err(Diag::error("E0208", b.span("angle").unwrap_or_default(), "a field of view must be between 1deg and 170deg").label("out of range"));
            } else {
                fov = a;
            }
        }
        self.cameras.push(ir::Camera { name: d.name.name.clone(), fov_y_rad: fov as f32 });
    }

    fn collect_bindings(&mut self, stmts: &[ast::Stmt]) {
        for s in stmts {
            let cmd = match &s.kind {
                StmtKind::Command(c) => Some(c),
                StmtKind::At(_, b) | StmtKind::After(_, b) => match &b.kind {
                    StmtKind::Command(c) => Some(c),
                    _ => None,
                },
                StmtKind::During(_, c) => Some(c),
                StmtKind::Freeze { body, .. } | StmtKind::Together(body) => {
                    self.collect_bindings(body);
                    None
                }
            };
            if let Some(c) = cmd {
                if let Some(b) = &c.binding {
                    if let Some((_, prev)) = self.bindings.get(&b.name) {
                        let d = Diag::error("E0104", b.span, format!("the name `{}` is bound twice", b.name))
                            .label("bound again here")
                            .with(*prev, "first bound here")
                            .help("give each motion its own name");
                        self.err(d);
                    } else {
                        self.bindings.insert(b.name.clone(), (c.verb.name.clone(), b.span));
                    }
                }
            }
        }
    }

    /// Resolve `leap.apex`; `phase` asks for a phase (for `during`) rather than an event.
    fn event_ref(&mut self, e: &ast::EventRef, phase: bool) -> Option<ir::EventRef> {
        if !self.bindings.contains_key(&e.binding.name) {
            if let Some((EntityKind::Prop, pi, pspan)) = self.names.get(&e.binding.name).copied() {
                let arch = self.prop_archetypes.get(pi).cloned().unwrap_or_default();
                let events = lib().props_archetype_events(&arch);
                if !events.is_empty() {
                    if let Some((_, ev)) = events.iter().find(|(n, _)| *n == e.event.name).filter(|_| !phase) {
                        return Some(ir::EventRef { binding: e.binding.name.clone(), event: *ev });
                    }
                    let names: Vec<&str> = events.iter().map(|(n, _)| *n).collect();
                    let mut d = Diag::error("E0103", e.event.span, format!("a {arch} has no {} `{}`", if phase { "phase" } else { "event" }, e.event.name))
                        .label("unknown event")
                        .with(pspan, "declared here");
                    d = match suggest(&e.event.name, names.iter().copied()) {
                        Some(s) => d.help(format!("did you mean `{}.{s}`?", e.binding.name)),
                        None => d.help(format!("the events of a {arch} are: {}", names.join(", "))),
                    };
                    self.err(d);
                    return None;
                }
            }
        }
        let Some((verb, bspan)) = self.bindings.get(&e.binding.name).cloned() else {
            let mut d = Diag::error("E0102", e.binding.span, format!("no motion is bound as `{}`", e.binding.name)).label("unknown name");
            d = match suggest(&e.binding.name, self.bindings.keys().map(|s| s.as_str())) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help("bind a motion with `as NAME`, e.g. `jump up 25cm as leap`"),
            };
            self.err(d);
            return None;
        };
        let spec = motion_spec(&verb);
        let list: &[(&str, ir::Event)] = match spec {
            Some(s) if phase => &s.phases,
            Some(s) => &s.events,
            None => &[],
        };
        match list.iter().find(|(n, _)| *n == e.event.name) {
            Some((_, ev)) => Some(ir::EventRef { binding: e.binding.name.clone(), event: *ev }),
            None => {
                let what = if phase { "phase" } else { "event" };
                let names: Vec<&str> = list.iter().map(|(n, _)| *n).collect();
                let mut d = Diag::error("E0103", e.event.span, format!("`{verb}` has no {what} `{}`", e.event.name))
                    .label(format!("not {} {what} of `{}`", if phase { "a" } else { "an" }, e.binding.name))
                    .with(bspan, format!("`{}` is a `{verb}`", e.binding.name));
                d = match suggest(&e.event.name, names.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{}.{s}`?", e.binding.name)),
                    None if names.is_empty() => d.help(format!("`{verb}` has no {what}s")),
                    None => d.help(format!("the {what}s of `{verb}` are: {}", names.join(", "))),
                };
                self.err(d);
                None
            }
        }
    }

    fn actor_track(&mut self, archetype: &str, stmts: &[ast::Stmt]) -> Vec<ir::ActorItem> {
        let mut items = Vec::new();
        // Per item: its statement's span and the parts it drives, for the overlap check.
        let mut drives: Vec<(Span, Vec<&'static str>)> = Vec::new();
        let mut elapsed = 0.0f64;
        let mut warned = false;
        // Wait-graph bookkeeping: the items the next sequential one waits for.
        let mut prev: Vec<usize> = Vec::new();
        type Drives = Vec<(Span, Vec<&'static str>)>;
        let add = |c: &mut Checker,
                   item: ir::ActorItem,
                   span: Span,
                   parts: Vec<&'static str>,
                   items: &mut Vec<ir::ActorItem>,
                   prev: &mut Vec<usize>,
                   drives: &mut Drives| {
            let id = c.waits.len();
            let (deps, on) = match &item.start {
                ir::Start::Sequential => (prev.clone(), None),
                ir::Start::After(e) => (prev.clone(), Some(e.binding.clone())),
                ir::Start::At(e) | ir::Start::During(e) => (Vec::new(), Some(e.binding.clone())),
                ir::Start::Together => (vec![id - 1], None),
            };
            match &item.start {
                ir::Start::During(_) => {}
                ir::Start::Together => prev.push(id),
                _ => *prev = vec![id],
            }
            if let Some(b) = &item.binding {
                c.bound_at.insert(b.clone(), id);
            }
            c.waits.push(Wait { deps, on, span });
            drives.push((span, parts));
            items.push(item);
        };
        for s in stmts {
            let (start, cmd) = match &s.kind {
                StmtKind::Command(c) => (Some(ir::Start::Sequential), c),
                StmtKind::At(e, body) | StmtKind::After(e, body) => {
                    let ev = self.event_ref(e, false);
                    let StmtKind::Command(c) = &body.kind else {
                        self.freeze_in_actor_track(body.span);
                        continue;
                    };
                    (ev.map(|ev| if matches!(s.kind, StmtKind::At(..)) { ir::Start::At(ev) } else { ir::Start::After(ev) }), c)
                }
                StmtKind::During(e, c) => (self.event_ref(e, true).map(ir::Start::During), c),
                StmtKind::Freeze { .. } => {
                    self.freeze_in_actor_track(s.span);
                    continue;
                }
                StmtKind::Together(body) => {
                    let first = items.len();
                    let mut longest = 0.0f64;
                    for inner in body {
                        let StmtKind::Command(c) = &inner.kind else {
                            self.err(
                                Diag::error("E0001", inner.span, "`together` holds motions that start at once, without `at`, `after`, `during` or `freeze`")
                                    .label("timing inside `together`")
                                    .help("put the timed statement before or after the `together` block"),
                            );
                            continue;
                        };
                        let Some(m) = self.actor_motion(archetype, c) else { continue };
                        longest = longest.max(motion_secs(&m));
                        let start = if items.len() == first { ir::Start::Sequential } else { ir::Start::Together };
                        let parts = self.drives_of(&c.verb.name, &m);
                        add(
                            self,
                            ir::ActorItem { start, motion: m, binding: c.binding.as_ref().map(|b| b.name.clone()) },
                            inner.span,
                            parts,
                            &mut items,
                            &mut prev,
                            &mut drives,
                        );
                    }
                    self.check_overlaps(&drives[first..], "in the same `together`");
                    elapsed += longest;
                    self.warn_past_end(elapsed, s.span, &mut warned);
                    continue;
                }
            };
            let motion = self.actor_motion(archetype, cmd);
            if let (Some(ir::Start::Sequential), Some(m)) = (&start, &motion) {
                elapsed += motion_secs(m);
                self.warn_past_end(elapsed, s.span, &mut warned);
            }
            if let (Some(start), Some(motion)) = (start, motion) {
                let parts = self.drives_of(&cmd.verb.name, &motion);
                add(
                    self,
                    ir::ActorItem { start, motion, binding: cmd.binding.as_ref().map(|b| b.name.clone()) },
                    s.span,
                    parts,
                    &mut items,
                    &mut prev,
                    &mut drives,
                );
            }
        }
        // `during PHASE: m` runs alongside the motion that owns the phase (when it is this
        // actor's) and alongside other `during` items on the same phase.
        let base = self.waits.len() - items.len();
        let mut by_phase: BTreeMap<(String, ir::Event), Vec<usize>> = BTreeMap::new();
        for (k, it) in items.iter().enumerate() {
            if let ir::Start::During(e) = &it.start {
                by_phase.entry((e.binding.clone(), e.event)).or_default().push(k);
            }
        }
        for ((binding, _), ks) in by_phase {
            let mut group: Vec<(Span, Vec<&'static str>)> = Vec::new();
            if let Some(owner) = self.bound_at.get(&binding).and_then(|&id| id.checked_sub(base)).filter(|&k| k < items.len()) {
                group.push(drives[owner].clone());
            }
            group.extend(ks.iter().map(|&k| drives[k].clone()));
            self.check_overlaps(&group, "during the same phase");
        }
        items
    }

    /// The body parts a motion drives, from its stdlib declaration (`drives arm` names the
    /// arm the motion was given).
    fn drives_of(&self, verb: &str, m: &ir::Motion) -> Vec<&'static str> {
        let Some(spec) = motion_spec(verb) else { return Vec::new() };
        let side = match m {
            ir::Motion::Swing { side, .. } | ir::Motion::Wave { side, .. } | ir::Motion::Point { side, .. } => Some(*side),
            _ => None,
        };
        spec.drives
            .iter()
            .map(|d| match (*d, side) {
                ("arm", Some(ir::Side::Left)) => "left_arm",
                ("arm", _) => "right_arm",
                (d, _) => d,
            })
            .collect()
    }

    /// E0304 for two motions in `group` (statement span, parts) that drive the same part.
    fn check_overlaps(&mut self, group: &[(Span, Vec<&'static str>)], when: &str) {
        for j in 1..group.len() {
            for i in 0..j {
                if let Some(part) = group[j].1.iter().find(|p| group[i].1.contains(p)) {
                    self.err(
                        Diag::error("E0304", group[j].0, format!("two motions drive the {} at once, {when}", part.replace('_', " ")))
                            .label(format!("this drives the {}", part.replace('_', " ")))
                            .with(group[i].0, "and so does this")
                            .help("one motion per body part at a time: run them one after the other, or use the other arm"),
                    );
                    return;
                }
            }
        }
    }

    fn warn_past_end(&mut self, elapsed: f64, span: Span, warned: &mut bool) {
        if let Some(d) = self.duration_secs {
            if elapsed > d + 1e-9 && !*warned {
                *warned = true;
                self.err(
                    Diag::warning("W0003", span, format!("this ends about {elapsed:.2}s into the story, after the video's {d}s"))
                        .label("cut short by the end of the video")
                        .help("lengthen `duration` in the `scene` block, or shorten the track"),
                );
            }
        }
    }

    /// E0303: tracks (or one track) that wait on each other's events in a loop.
    fn check_cycles(&mut self) {
        let n = self.waits.len();
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|k| {
                let w = &self.waits[k];
                let mut d = w.deps.clone();
                if let Some(&b) = w.on.as_ref().and_then(|b| self.bound_at.get(b)) {
                    d.push(b);
                }
                d
            })
            .collect();
        // Iterative depth-first search; 0 = new, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; n];
        for root in 0..n {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                if let Some(&u) = edges[v].get(*next) {
                    *next += 1;
                    match state[u] {
                        0 => {
                            state[u] = 1;
                            stack.push((u, 0));
                        }
                        1 => {
                            // The cycle is the stack from `u` up; report it at its waits.
                            let from = stack.iter().position(|(x, _)| *x == u).unwrap_or(0);
                            let cycle: Vec<usize> = stack[from..].iter().map(|(x, _)| *x).collect();
                            let waiting: Vec<usize> = cycle.iter().copied().filter(|&x| self.waits[x].on.is_some()).collect();
                            let first = waiting.first().copied().unwrap_or(u);
                            let mut d = Diag::error("E0303", self.waits[first].span, "these statements wait on each other: none of them can ever start")
                                .label("waits for an event that comes only after this");
                            for &x in waiting.iter().skip(1) {
                                d = d.with(self.waits[x].span, "which waits on this");
                            }
                            self.err(d.help("break the loop: make one of them wait on an event that happens earlier"));
                            return;
                        }
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
    }

    fn stdlib_only(&mut self, span: Span, what: &str) {
        let span = Span::new(span.start, span.start + what.len().min(span.end - span.start));
        self.err(
            Diag::error("E0109", span, format!("`{what}` declarations belong in the standard library"))
                .label("not allowed in a scene")
                .help("use the archetypes and motions of `stdlib/*.scene`; `reel explain E0109` says how to read them"),
        );
    }

    fn freeze_in_actor_track(&mut self, span: Span) {
        self.err(
            Diag::error("E0302", span, "`freeze` belongs in a camera track")
                .label("in an actor's track")
                .help("story time stands still during a freeze, so only cameras move: put it in a camera's track"),
        );
    }

    fn unknown_verb(&mut self, verb: &Ident, actor: bool) {
        let (own, other, own_kind, other_kind) = if actor {
            (lib().verbs(true), lib().verbs(false), "an actor", "a camera")
        } else {
            (lib().verbs(false), lib().verbs(true), "a camera", "an actor")
        };
        let mut d = Diag::error("E0107", verb.span, format!("`{}` is not something {own_kind} can do", verb.name)).label("unknown motion");
        d = if other.contains(&verb.name.as_str()) {
            d.help(format!("`{}` is for {other_kind}; move it to {other_kind}'s track", verb.name))
        } else if let Some(s) = suggest(&verb.name, own.iter().copied()) {
            d.help(format!("did you mean `{s}`?"))
        } else {
            d.help(format!("{own_kind} can: {}", own.join(", ")))
        };
        self.err(d);
    }

    /// A `model "FILE"`: a glTF file in the scene's folder that loads (E0112 otherwise);
    /// for a figure (`parts`), one with meshes named after its parts.
    fn model_of(&mut self, b: Option<&Bound>, parts: Option<&[&str]>) -> Option<String> {
        let (Got::Str(written), span) = b?.get("file")? else { return None };
        let (written, span) = (written.to_string(), *span);
        let Some(dir) = self.dir.clone() else {
            self.err(
                Diag::error("E0112", span, "there is no folder to read a model from")
                    .label("a scene read from standard input")
                    .help("save the scene in a file next to its model"),
            );
            return None;
        };
        let loaded = match parts {
            Some(parts) => reel_model::load_parts(&dir, &written, parts).map(|_| ()),
            None => reel_model::load(&dir, &written).map(|_| ()),
        };
        match loaded {
            Ok(()) => Some(written),
            Err(e) => {
                self.err(
                    Diag::error("E0112", span, e).label("this model cannot be used").help("models are glTF 2.0 files (.glb, .gltf) in this scene's folder"),
                );
                None
            }
        }
    }

    /// The prop a name argument `key` names, when `ok` accepts its kind (E0101 otherwise).
    fn prop_arg(&mut self, b: &Bound, key: &str, what: &str, ok: fn(&ir::PropKind) -> bool) -> Option<usize> {
        let Some((Got::Name(path), span)) = b.get(key) else { return None };
        let span = *span;
        let (_, pi) = self.resolve(&path[0], &[EntityKind::Prop])?;
        let p = self.props.get(pi)?;
        if !ok(&p.kind) {
            let d = Diag::error("E0101", span, format!("`{}` is not {what}", p.name)).label("the wrong kind of prop");
            self.err(d);
            return None;
        }
        Some(pi)
    }

    fn positive(&mut self, b: &Bound, key: &str, what: &str) -> Option<f64> {
        let v = b.num(key)?;
        if v <= 0.0 || v > MAX_DURATION_SECS {
            let span = b.span(key).unwrap_or_default();
            self.err(Diag::error("E0208", span, format!("{what} must be more than 0 and at most {MAX_DURATION_SECS}s")).label("not a usable duration"));
            return None;
        }
        Some(v)
    }

    /// The motion a verb names, when a thing of `archetype` can do it (E0107 otherwise).
    fn verb_for(&mut self, archetype: &str, c: &ast::Command) -> Option<&'static MotionSpec> {
        let Some(spec) = motion_spec(&c.verb.name).filter(|s| s.actor) else {
            self.unknown_verb(&c.verb, true);
            return None;
        };
        if spec.for_archetype.is_some_and(|a| a != archetype) && !archetype.is_empty() {
            let can: Vec<&str> = lib().motions.iter().filter(|m| m.for_archetype == Some(archetype)).map(|m| m.name).collect();
            self.err(
                Diag::error("E0107", c.verb.span, format!("a `{archetype}` cannot `{}`", c.verb.name))
                    .label(format!("`{}` is a motion of `{}`", c.verb.name, spec.for_archetype.unwrap_or("?")))
                    .help(if can.is_empty() {
                        format!("a `{archetype}` has no motions: it stays where it is")
                    } else {
                        format!("a `{archetype}` can: {}", can.join(", "))
                    }),
            );
            return None;
        }
        Some(spec)
    }

    /// A prop's track: `animate` moves, in sequence or after events.
    fn prop_track(&mut self, archetype: &str, stmts: &[ast::Stmt]) -> Option<Vec<ir::PropItem>> {
        let mut items = Vec::new();
        let mut prev: Vec<usize> = Vec::new();
        for s in stmts {
            let (start, c) = match &s.kind {
                StmtKind::Command(c) => (Some(ir::Start::Sequential), c),
                StmtKind::At(e, body) | StmtKind::After(e, body) if matches!(body.kind, StmtKind::Command(_)) => {
                    let StmtKind::Command(c) = &body.kind else { continue };
                    let ev = self.event_ref(e, false);
                    (ev.map(|ev| if matches!(s.kind, StmtKind::At(..)) { ir::Start::At(ev) } else { ir::Start::After(ev) }), c)
                }
                _ => {
                    self.err(
                        Diag::error("E0001", s.span, "a prop's track holds `animate` moves, one after another, each may start `at` or `after` an event")
                            .label("not for a prop")
                            .help("`during`, `together` and `freeze` belong to actors' and cameras' tracks"),
                    );
                    continue;
                }
            };
            let Some(spec) = self.verb_for(archetype, c) else { continue };
            let (b, ok) = bind(&format!("`{}`", c.verb.name), c.span, &c.args, spec.params, &mut self.diags);
            if !ok {
                continue;
            }
            let (Some(start), Some(to), Some(over)) =
                (start, b.vec("to").map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]), self.positive(&b, "over", "a move's duration"))
            else {
                continue;
            };
            if to.iter().any(|x| x.abs() > 1000.0) {
                self.err(Diag::error("E0208", b.span("to").unwrap_or_default(), "a prop can move at most 1km from the origin").label("out of range"));
                continue;
            }
            let binding = c.binding.as_ref().map(|b| b.name.clone());
            // The wait graph, as for actors.
            let id = self.waits.len();
            let (deps, on) = match &start {
                ir::Start::After(e) => (prev.clone(), Some(e.binding.clone())),
                ir::Start::At(e) => (Vec::new(), Some(e.binding.clone())),
                _ => (prev.clone(), None),
            };
            prev = vec![id];
            if let Some(b) = &binding {
                self.bound_at.insert(b.clone(), id);
            }
            self.waits.push(Wait { deps, on, span: s.span });
            items.push(ir::PropItem { start, to_m: to, duration_secs: over as f32, ease: ease_of(&b), binding });
        }
        Some(items)
    }

    fn actor_motion(&mut self, archetype: &str, c: &ast::Command) -> Option<ir::Motion> {
        let spec = self.verb_for(archetype, c)?;
        let (b, ok) = bind(&format!("`{}`", c.verb.name), c.span, &c.args, spec.params, &mut self.diags);
        if !ok {
            return None;
        }
        Some(match spec.name {
            "walk" | "run" | "sprint" => {
                let gait = match spec.name {
                    "walk" => ir::Gait::Walk,
                    "run" => ir::Gait::Run,
                    _ => ir::Gait::Sprint,
                };
                let duration = self.positive(&b, "over", "a move's duration")?;
                let mut t = b.vec("to").map(|v| [v[0] as f32, v[1] as f32])?;
                if let Some((Got::Name(path), _)) = b.get("on") {
                    let (_, pi) = self.resolve(&path[0], &[EntityKind::Prop])?;
                    t = [t[0] + self.props[pi].position_m[0], t[1] + self.props[pi].position_m[2]];
                }
                ir::Motion::Locomotion { gait, target_m: t, duration_secs: duration as f32 }
            }
            "jump" => {
                let up = b.num("up")?;
                let fwd = b.num("forward").unwrap_or(0.0);
                if up <= 0.0 || up > 100.0 {
                    self.err(Diag::error("E0208", b.span("up").unwrap_or_default(), "a jump's height must be more than 0m").label("not a usable height"));
                    return None;
                }
                if !(-100.0..=100.0).contains(&fwd) {
                    self.err(Diag::error("E0208", b.span("forward").unwrap_or_default(), "a jump's distance must be at most 100m").label("out of range"));
                    return None;
                }
                ir::Motion::Jump { up_m: up as f32, forward_m: fwd as f32, turns: ir::Turns::default() }
            }
            "backflip" | "frontflip" | "cartwheel" | "roundoff" => {
                use std::f32::consts::{PI, TAU};
                let up = b.num("up")?;
                let fwd = b.num("forward").unwrap_or(0.0);
                if up <= 0.0 || up > 10.0 {
                    self.err(
                        Diag::error("E0208", b.span("up").unwrap_or_default(), "a flip's height must be more than 0m and at most 10m")
                            .label("not a usable height")
                            .help("a flip needs time in the air to turn: 40cm to 1m is human"),
                    );
                    return None;
                }
                if !(-20.0..=20.0).contains(&fwd) {
                    self.err(Diag::error("E0208", b.span("forward").unwrap_or_default(), "a flip's distance must be at most 20m").label("out of range"));
                    return None;
                }
                let turns = match spec.name {
                    "backflip" => ir::Turns { pitch: -TAU, ..Default::default() },
                    "frontflip" => ir::Turns { pitch: TAU, ..Default::default() },
                    "cartwheel" => ir::Turns { roll: TAU, ..Default::default() },
                    _ => ir::Turns { roll: TAU, yaw: PI, ..Default::default() },
                };
                ir::Motion::Jump { up_m: up as f32, forward_m: fwd as f32, turns }
            }
            "turn" => {
                let a = b.num("angle")?;
                if !(a > 0.0 && a <= 100.0 * std::f64::consts::TAU) {
                    self.err(Diag::error("E0208", b.span("angle").unwrap_or_default(), "a turn's angle must be more than 0deg").label("out of range"));
                    return None;
                }
                let sign = if b.word("direction") == Some("right") { -1.0 } else { 1.0 };
                let d = self.positive(&b, "over", "a turn's duration").unwrap_or(0.6);
                ir::Motion::Turn { by_rad: Some((sign * a) as f32), to_rad: None, duration_secs: d as f32 }
            }
            "face" => {
                let Some((Got::Axis(neg, axis), span)) = b.get("direction") else { return None };
                let yaw = self.yaw_of(*neg, *axis, *span);
                let d = self.positive(&b, "over", "a turn's duration").unwrap_or(0.6);
                ir::Motion::Turn { by_rad: None, to_rad: Some(yaw), duration_secs: d as f32 }
            }
            "kick" => {
                let side = if b.word("leg") == Some("left_leg") { ir::Side::Left } else { ir::Side::Right };
                let d = self.positive(&b, "over", "a kick's duration").unwrap_or(0.6);
                ir::Motion::Kick { side, duration_secs: d as f32 }
            }
            "point" => {
                let side = if b.word("arm") == Some("left_arm") { ir::Side::Left } else { ir::Side::Right };
                let d = self.positive(&b, "for", "a point's duration").unwrap_or(1.5);
                ir::Motion::Point { side, duration_secs: d as f32 }
            }
            "raise_arms" => {
                let d = if b.get("for").is_some() { self.positive(&b, "for", "raised arms' duration")? } else { 1.0 };
                ir::Motion::RaiseArms { duration_secs: d as f32 }
            }
            "swing" => {
                let side = if b.word("arm") == Some("left_arm") { ir::Side::Left } else { ir::Side::Right };
                let direction = match b.word("direction") {
                    Some("up") => ir::SwingDirection::Up,
                    Some("forward") => ir::SwingDirection::Forward,
                    _ => ir::SwingDirection::Down,
                };
                let duration = if b.get("over").is_some() { self.positive(&b, "over", "a swing's duration")? } else { 0.4 };
                ir::Motion::Swing { side, direction, duration_secs: duration as f32 }
            }
            "wave" => {
                let side = if b.word("arm") == Some("left_arm") { ir::Side::Left } else { ir::Side::Right };
                let d = if b.get("for").is_some() { self.positive(&b, "for", "a wave's duration")? } else { 2.0 };
                ir::Motion::Wave { side, duration_secs: d as f32 }
            }
            "idle" => {
                let d = if b.get("for").is_some() { Some(self.positive(&b, "for", "an idle's duration")? as f32) } else { None };
                ir::Motion::Idle { duration_secs: d }
            }
            "stop" => ir::Motion::Stop { duration_secs: self.positive(&b, "over", "a stop's duration")? as f32 },
            "land" => ir::Motion::Land { duration_secs: self.positive(&b, "over", "a landing's duration")? as f32 },
            "jump_down" => {
                let up = b.num("up").unwrap_or(0.1);
                let fwd = b.num("forward").unwrap_or(0.5);
                if !(up > 0.0 && up <= 2.0) {
                    self.err(
                        Diag::error("E0208", b.span("up").unwrap_or_default(), "a hop down's height must be more than 0m and at most 2m").label("out of range"),
                    );
                    return None;
                }
                if !(-10.0..=10.0).contains(&fwd) {
                    self.err(Diag::error("E0208", b.span("forward").unwrap_or_default(), "a hop down's distance must be at most 10m").label("out of range"));
                    return None;
                }
                ir::Motion::Jump { up_m: up as f32, forward_m: fwd as f32, turns: ir::Turns::default() }
            }
            "climb" => {
                let prop = self.prop_arg(&b, "onto", "something to climb onto: a table, chair or box", has_top)?;
                ir::Motion::Climb { prop, duration_secs: self.positive(&b, "over", "a climb's duration")? as f32 }
            }
            "sit" => {
                let prop = if b.get("on").is_some() { Some(self.prop_arg(&b, "on", "something to sit on: a chair, table or box", has_top)?) } else { None };
                let hold = if b.get("for").is_some() { Some(self.positive(&b, "for", "a sit's duration")? as f32) } else { None };
                ir::Motion::Sit { prop, hold_secs: hold, duration_secs: self.positive(&b, "over", "sitting down's duration")? as f32 }
            }
            "balance" => {
                let side = if b.word("leg") == Some("right_leg") { ir::Side::Right } else { ir::Side::Left };
                ir::Motion::Balance { side, duration_secs: self.positive(&b, "for", "a balance's duration")? as f32 }
            }
            "push" => {
                let prop = self.prop_arg(&b, "target", "something that moves when pushed: a ball, a dynamic box or a cup", is_dynamic)?;
                let by = b.num("by").unwrap_or(0.5);
                if !(by > 0.0 && by <= 100.0) {
                    self.err(
                        Diag::error("E0208", b.span("by").unwrap_or_default(), "a push's distance must be more than 0m and at most 100m").label("out of range"),
                    );
                    return None;
                }
                ir::Motion::Push { prop, by_m: by as f32, duration_secs: self.positive(&b, "over", "a push's duration")? as f32 }
            }
            "throw" => {
                let prop = self.prop_arg(&b, "item", "something to throw: a ball, a dynamic box or a cup", is_dynamic)?;
                let target = match (b.vec("to"), b.get("toward")) {
                    (Some(v), None) => ir::ThrowTarget::Point([v[0] as f32, v[1] as f32, v[2] as f32]),
                    (None, Some((Got::Name(path), _))) => match self.resolve(&path[0], &[EntityKind::Actor, EntityKind::Prop])? {
                        (EntityKind::Actor, i) => ir::ThrowTarget::Actor(i),
                        (_, i) => ir::ThrowTarget::Prop(i),
                    },
                    (Some(_), Some(_)) => {
                        self.err(
                            Diag::error("E0205", b.span("toward").unwrap_or_default(), "a throw aims `to` a point or `toward` something, not both")
                                .label("one aim too many"),
                        );
                        return None;
                    }
                    _ => {
                        self.err(
                            Diag::error("E0204", c.span, "a throw needs an aim: `to (x, y, z)` or `toward NAME`")
                                .label("where does it go?")
                                .help("e.g. `throw ball toward bob` or `throw ball to (3m, 1m, 0m)`"),
                        );
                        return None;
                    }
                };
                ir::Motion::Throw { prop, target, duration_secs: self.positive(&b, "over", "a throw's duration")? as f32 }
            }
            "mark" => {
                if c.binding.is_none() {
                    self.err(
                        Diag::error("E0204", c.span, "a mark needs a name")
                            .label("nothing can refer to this instant")
                            .help("write `mark as NAME`, then `at NAME.start …` elsewhere"),
                    );
                    return None;
                }
                ir::Motion::Mark
            }
            "catch" => {
                let prop = self.prop_arg(&b, "item", "something to catch: a ball, a dynamic box or a cup", is_dynamic)?;
                ir::Motion::Catch { prop, duration_secs: self.positive(&b, "for", "a catch's wait")? as f32 }
            }
            _ => unreachable!(),
        })
    }

    fn camera_track(&mut self, stmts: &[ast::Stmt]) -> Vec<ir::CameraItem> {
        let mut items = Vec::new();
        for s in stmts {
            let (start, body) = match &s.kind {
                StmtKind::At(e, body) => (self.event_ref(e, false).map(ir::Start::At), body.as_ref()),
                StmtKind::After(e, body) => (self.event_ref(e, false).map(ir::Start::After), body.as_ref()),
                StmtKind::During(e, c) => {
                    let start = self.event_ref(e, true).map(ir::Start::During);
                    if let (Some(start), Some(shot)) = (start, self.shot(c)) {
                        items.push(ir::CameraItem { start, action: ir::CameraAction::Shot(shot) });
                    }
                    continue;
                }
                _ => (Some(ir::Start::Sequential), s),
            };
            let action = match &body.kind {
                StmtKind::Command(c) if c.verb.name == "slowmo" => self.slowmo(c),
                StmtKind::Command(c) if c.verb.name == "cut" => self.cut(c),
                StmtKind::Command(c) => self.shot(c).map(ir::CameraAction::Shot),
                StmtKind::Freeze { duration, body } => self.freeze(duration, body),
                _ => {
                    self.err(
                        Diag::error("E0001", body.span, "`at` and `after` take one statement, not another `at`, `after` or `during`").label("nested timing"),
                    );
                    None
                }
            };
            if let (Some(start), Some(action)) = (start, action) {
                items.push(ir::CameraItem { start, action });
            }
        }
        items
    }

    fn cut(&mut self, c: &ast::Command) -> Option<ir::CameraAction> {
        let spec = motion_spec("cut").unwrap();
        let (b, ok) = bind("`cut`", c.span, &c.args, spec.params, &mut self.diags);
        if !ok {
            return None;
        }
        let Some((Got::Name(path), _)) = b.get("to") else { return None };
        let (_, camera) = self.resolve(&path[0], &[EntityKind::Camera])?;
        self.cut_to.insert(camera);
        Some(ir::CameraAction::Cut { camera })
    }

    fn slowmo(&mut self, c: &ast::Command) -> Option<ir::CameraAction> {
        let spec = motion_spec("slowmo").unwrap();
        let (b, ok) = bind("`slowmo`", c.span, &c.args, spec.params, &mut self.diags);
        if !ok {
            return None;
        }
        let (rate, rate_to) = match b.get("rate") {
            Some((Got::Num(r), _)) => (*r, None),
            Some((Got::Range(a, z), _)) => (*a, Some(*z)),
            _ => return None,
        };
        if let Some(z) = rate_to.filter(|z| !(0.01..=100.0).contains(z)) {
            self.err(
                Diag::error("E0208", b.span("rate").unwrap_or_default(), format!("a speed factor of {z}x is outside 0.01x to 100x"))
                    .label("out of range")
                    .help("a ramp runs between two factors from 0.01x to 100x"),
            );
            return None;
        }
        if !(0.01..=100.0).contains(&rate) {
            self.err(
                Diag::error("E0208", b.span("rate").unwrap_or_default(), format!("a speed factor of {rate}x is outside 0.01x to 100x"))
                    .label("out of range")
                    .help("0.25x plays four times slower; 2x twice as fast"),
            );
            return None;
        }
        let over = self.positive(&b, "over", "a slow-motion stretch")?;
        // A ramp plays at the mean of its two factors.
        let mean = rate_to.map_or(rate, |z| (rate + z) / 2.0);
        if over / mean > MAX_DURATION_SECS {
            self.err(
                Diag::error("E0208", c.span, format!("this stretch lasts {:.0}s on screen, more than {MAX_DURATION_SECS}s", over / mean)).label("too long"),
            );
            return None;
        }
        Some(ir::CameraAction::Slowmo { rate: rate as f32, rate_to: rate_to.map(|z| z as f32), story_secs: over as f32 })
    }

    fn freeze(&mut self, duration: &ast::Value, body: &[ast::Stmt]) -> Option<ir::CameraAction> {
        let d = match units::quantity(duration, units::Dim::Duration) {
            Ok(d) if d > 0.0 && d <= MAX_DURATION_SECS => Some(d),
            Ok(_) => {
                self.err(
                    Diag::error("E0208", duration.span, format!("a freeze must last more than 0 and at most {MAX_DURATION_SECS}s"))
                        .label("not a usable duration"),
                );
                None
            }
            Err(e) => {
                self.err(e);
                None
            }
        };
        let mut shots = Vec::new();
        for s in body {
            match &s.kind {
                StmtKind::Command(c) if motion_spec(&c.verb.name).is_some_and(|m| m.actor) => {
                    self.err(
                        Diag::error("E0301", c.verb.span, format!("`{}` moves an actor, but story time stands still during a freeze", c.verb.name))
                            .label("actor motion inside `freeze`")
                            .help("only camera moves may run inside `freeze`; put the motion before or after it"),
                    );
                }
                StmtKind::Command(c) => shots.extend(self.shot(c)),
                _ => self.err(
                    Diag::error("E0001", s.span, "inside `freeze`, write camera moves one after another")
                        .label("timing inside a freeze")
                        .help("a freeze's moves run in sequence within it"),
                ),
            }
        }
        Some(ir::CameraAction::Freeze { duration_secs: d? as f32, shots })
    }

    fn target(&mut self, path: &[Ident]) -> Option<ir::Target> {
        let (kind, index) = self.resolve(&path[0], &[EntityKind::Actor, EntityKind::Prop])?;
        if kind == EntityKind::Prop {
            if let Some(p) = path.get(1) {
                self.err(
                    Diag::error("E0108", p.span, format!("a prop has no parts; `{}` is not a part", p.name))
                        .label("props are filmed whole")
                        .help(format!("film `{}` itself", path[0].name)),
                );
                return None;
            }
            return Some(ir::Target { entity: ir::Entity::Prop(index), part: None });
        }
        let actor = index;
        self.filmed.insert(actor);
        let part = match path.get(1) {
            None => None,
            Some(p) => match PARTS.iter().find(|(n, _)| *n == p.name) {
                Some((_, part)) => Some(*part),
                None => {
                    let mut d = Diag::error("E0108", p.span, format!("a humanoid has no part `{}`", p.name)).label("unknown part");
                    d = match suggest(&p.name, PARTS.iter().map(|(n, _)| *n)) {
                        Some(s) => d.help(format!("did you mean `{s}`?")),
                        None => d.help(format!("parts: {}", PARTS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))),
                    };
                    self.err(d);
                    return None;
                }
            },
        };
        if path.len() > 2 {
            self.err(Diag::error("E0108", path[2].span.join(path.last().unwrap().span), "a target is `actor` or `actor.part`").label("too many parts"));
            return None;
        }
        Some(ir::Target { entity: ir::Entity::Actor(actor), part })
    }

    /// The relative camera moves: `Some(kind)` for a move (`Some(None)` when its values are
    /// out of range), `None` for the other camera verbs.
    fn camera_move(&mut self, verb: &str, b: &Bound) -> Option<Option<ir::MoveKind>> {
        let sign = |w: Option<&str>| if matches!(w, Some("out" | "left" | "down")) { -1.0 } else { 1.0 };
        let dir = b.word("direction");
        let metres = |c: &mut Checker| {
            let d = b.num("distance")?;
            if !(0.0..=1000.0).contains(&d) {
                c.err(Diag::error("E0208", b.span("distance").unwrap_or_default(), "a move must be between 0m and 1km").label("out of range"));
                return None;
            }
            Some((sign(dir) * d) as f32)
        };
        let lens = |c: &mut Checker| {
            let f_mm = b.num("lens")? * 1000.0;
            if !(8.0..=800.0).contains(&f_mm) {
                c.err(Diag::error("E0208", b.span("lens").unwrap_or_default(), "a lens must be between 8mm and 800mm").label("out of range"));
                return None;
            }
            Some(2.0 * (12.0 / f_mm).atan() as f32)
        };
        // Pan left is a positive turn about +y; tilt up a positive turn about the right axis.
        let angle = |_: &mut Checker| b.num("angle").map(|a| (sign(dir) * a) as f32);
        Some(match verb {
            "dolly" => metres(self).map(|m| ir::MoveKind::Dolly { m }),
            "truck" => metres(self).map(|m| ir::MoveKind::Truck { m }),
            "pedestal" => metres(self).map(|m| ir::MoveKind::Pedestal { m }),
            "crane" => metres(self).map(|m| ir::MoveKind::Crane { m }),
            "pan" => angle(self).map(|rad| ir::MoveKind::Pan { rad: -rad }),
            "tilt" => angle(self).map(|rad| ir::MoveKind::Tilt { rad }),
            "zoom" => lens(self).map(|fov_rad| ir::MoveKind::Zoom { fov_rad }),
            "dolly_zoom" => lens(self).map(|fov_rad| ir::MoveKind::DollyZoom { fov_rad }),
            "look" => Some(ir::MoveKind::LookAt),
            "roll" => angle(self).map(|rad| ir::MoveKind::Roll { rad }),
            "rack" => match b.num("aperture") {
                Some(n) if (0.7..=64.0).contains(&n) => Some(ir::MoveKind::Rack { f_number: n as f32 }),
                _ => {
                    self.err(
                        Diag::error("E0208", b.span("aperture").unwrap_or_default(), "an aperture is an f-number from 0.7 to 64")
                            .label("out of range")
                            .help("f/1.4 blurs a lot, f/16 keeps almost everything sharp"),
                    );
                    None
                }
            },
            "handheld" => match b.num("amount") {
                Some(m) if (0.0..=1.0).contains(&m) => Some(ir::MoveKind::Handheld { m: m as f32 }),
                _ => {
                    self.err(Diag::error("E0208", b.span("amount").unwrap_or_default(), "a handheld shake must be between 0m and 1m").label("out of range"));
                    None
                }
            },
            _ => return None,
        })
    }

    fn shot(&mut self, c: &ast::Command) -> Option<ir::Shot> {
        if c.verb.name == "slowmo" || c.verb.name == "cut" {
            self.err(
                Diag::error("E0001", c.span, format!("`{}` cannot run inside `freeze` or `during`", c.verb.name))
                    .label("nested time warp")
                    .help("put `slowmo` on its own line in a camera track"),
            );
            return None;
        }
        let Some(spec) = motion_spec(&c.verb.name).filter(|s| !s.actor) else {
            self.unknown_verb(&c.verb, false);
            return None;
        };
        let (b, ok) = bind(&format!("`{}`", c.verb.name), c.span, &c.args, spec.params, &mut self.diags);
        if !ok {
            return None;
        }
        if let (Some((Got::Name(x), _)), Some((Got::Name(y), _))) = (b.get("first").or(b.get("from")), b.get("second").or(b.get("onto"))) {
            let kind = if spec.name == "two_shot" { ir::PairKind::TwoShot } else { ir::PairKind::OverShoulder };
            let (first, second) = (self.target(x), self.target(y));
            let hold = self.positive(&b, "for", "a shot's duration")? as f32;
            // Over the shoulder of `from` onto `onto`: `onto` is the one looked at.
            let (target, other) = if kind == ir::PairKind::TwoShot { (first?, second?) } else { (second?, first?) };
            return Some(ir::Shot::Pair { kind, target, other, hold_secs: hold });
        }
        // Shots and most moves aim at a target (`look` names it with `at`).
        let aimed = match b.get("target").or(b.get("at")) {
            Some((Got::Name(path), _)) => Some(self.target(path)?),
            _ => None,
        };
        let over = if b.get("over").is_some() { Some(self.positive(&b, "over", "a camera move's duration")? as f32) } else { None };
        if let Some(kind) = self.camera_move(spec.name, &b) {
            let kind = kind?;
            let secs = match over {
                Some(d) => d,
                None => self.positive(&b, "for", "a camera move's duration").unwrap_or(2.0) as f32,
            };
            return Some(ir::Shot::Move { kind, target: aimed, duration_secs: secs, ease: ease_of(&b) });
        }
        let target = aimed?;
        Some(match spec.name {
            name if SHOTS.iter().any(|(n, _)| *n == name) => {
                let framing = SHOTS.iter().find(|(n, _)| *n == name).map(|(_, f)| *f).unwrap();
                let hold = if b.get("for").is_some() { self.positive(&b, "for", "a shot's duration")? as f32 } else { 1.0 };
                ir::Shot::Frame { target, framing, hold_secs: hold }
            }
            "follow" => {
                let mut distance = None;
                let mut height = None;
                let mut side = None;
                let mut lag = 0.0;
                if let Some((Got::Block(blk), _)) = b.get("settings") {
                    let fp = self.props(Some(blk), "`follow`", &spec.block);
                    if let Some(db) = fp.get("distance") {
                        distance = match db.get("distance") {
                            Some((Got::Range(a, z), _)) => Some([*a as f32, *z as f32]),
                            Some((Got::Num(a), _)) => Some([*a as f32, *a as f32]),
                            _ => None,
                        };
                        if distance.is_some_and(|d| d[0] <= 0.0 || d[1] <= 0.0 || d[0] > 1000.0 || d[1] > 1000.0) {
                            self.err(
                                Diag::error("E0208", db.span("distance").unwrap_or_default(), "a follow distance must be more than 0m and at most 1km")
                                    .label("out of range"),
                            );
                            distance = None;
                        }
                    }
                    height = fp.get("height").and_then(|hb| hb.num("height")).map(|h| h as f32);
                    if let (Some(h), Some(hb)) = (height, fp.get("height")) {
                        if h < 0.0 {
                            self.diags.push(
                                Diag::warning(
                                    "W0005",
                                    hb.span("height").unwrap_or(c.span),
                                    format!("a camera {:.2}m below its target's feet is under the floor, or inside what the target stands on", -h),
                                )
                                .label("below the feet")
                                .help("the camera will be pushed up out of it when rendered; give a height of 0m or more"),
                            );
                        }
                    }
                    side = fp.get("side").and_then(|sb| sb.word("side")).and_then(side_bearing);
                    if let Some(lb) = fp.get("lag") {
                        lag = self.positive(lb, "time", "a follow's lag").unwrap_or(0.0).min(5.0) as f32;
                    }
                }
                ir::Shot::Follow { target, duration_secs: over, distance_m: distance, height_m: height, ease: ease_of(&b), side_rad: side, lag_secs: lag }
            }
            "track" => {
                let d = b.num("distance").unwrap_or(2.0) as f32;
                if !(d > 0.0 && d <= 1000.0) {
                    self.err(
                        Diag::error("E0208", b.span("distance").unwrap_or(c.span), "a track distance must be more than 0m and at most 1km")
                            .label("out of range"),
                    );
                    return None;
                }
                let side = side_bearing(b.word("side").unwrap_or("left"));
                ir::Shot::Follow {
                    target,
                    duration_secs: over,
                    distance_m: Some([d, d]),
                    height_m: Some(0.0),
                    ease: ease_of(&b),
                    side_rad: side,
                    lag_secs: 0.0,
                }
            }
            "orbit" => {
                let angle = b.num("angle")? as f32;
                let rise = b.num("rise").unwrap_or(0.0) as f32;
                ir::Shot::Orbit { target, angle_rad: angle, rise_m: rise, duration_secs: over, ease: ease_of(&b) }
            }
            _ => unreachable!(),
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
        | ir::Motion::Push { duration_secs, .. }
        | ir::Motion::Throw { duration_secs, .. }
        | ir::Motion::Catch { duration_secs, .. } => *duration_secs as f64,
        ir::Motion::Mark => 0.0,
        ir::Motion::Sit { hold_secs, duration_secs, .. } => hold_secs.map_or(*duration_secs as f64, |h| h as f64 + 2.0 * *duration_secs as f64),
        ir::Motion::Jump { up_m, .. } => 0.1 + 2.0 * (2.0 * *up_m as f64 / 9.81).sqrt() + 0.45,
    }
}

fn has_top(k: &ir::PropKind) -> bool {
    matches!(k, ir::PropKind::Table { .. } | ir::PropKind::Chair { .. } | ir::PropKind::Block { .. })
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
        model: None,
    }
}

fn normalize(v: [f32; 3]) -> [f32; 3] {
    let l = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-9);
    [v[0] / l, v[1] / l, v[2] / l]
}

/// A prop's world bounds (min, max) as the physics sees what others may touch: a table's top
/// slab, a chair up to its seat, the rest whole (a turned block's bounds turned with it).
fn prop_bounds(p: &ir::Prop) -> ([f32; 3], [f32; 3]) {
    let [x, y, z] = p.position_m;
    let around = |hx: f32, hz: f32, y0: f32, y1: f32| ([x - hx, y0, z - hz], [x + hx, y1, z + hz]);
    match p.kind {
        ir::PropKind::Ball { radius_m: r, .. } => ([x - r, y - r, z - r], [x + r, y + r, z + r]),
        ir::PropKind::Cup { radius_m: r, height_m: h, .. } => around(r, r, y, y + h),
        ir::PropKind::Table { size_m: s } => around(s[0] / 2.0, s[2] / 2.0, y + s[1] - 0.03, y + s[1]),
        ir::PropKind::Chair { size_m: s, seat_m } => around(s[0] / 2.0, s[2] / 2.0, y, y + seat_m),
        ir::PropKind::Block { size_m: s, yaw_rad, .. } => {
            let (c, sn) = (yaw_rad.cos().abs(), yaw_rad.sin().abs());
            around(c * s[0] / 2.0 + sn * s[2] / 2.0, sn * s[0] / 2.0 + c * s[2] / 2.0, y, y + s[1])
        }
    }
}

/// Parse and check a scene's text. Returns the IR when there are no errors, and every
/// diagnostic (errors and warnings) either way.
pub fn compile(src: &str) -> (Option<ir::Scene>, Vec<reel_diag::Diag>) {
    compile_in(src, None)
}

/// `compile` for a scene in folder `dir`, whose `use NAME` may load `dir/NAME.scene`.
pub fn compile_in(src: &str, dir: Option<&std::path::Path>) -> (Option<ir::Scene>, Vec<reel_diag::Diag>) {
    let (ast, mut diags) = reel_syntax::parse(src);
    let (ir, check_diags) = check_in(&ast, dir);
    diags.extend(check_diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    let has_errors = diags.iter().any(|d| d.severity == reel_diag::Severity::Error);
    (if has_errors { None } else { ir }, diags)
}

/// Decode a scene file's bytes. Invalid UTF-8 is replaced (U+FFFD) and reported as `E0006`
/// at the first bad byte, so the rest of the file is still checked.
pub fn decode_source(bytes: Vec<u8>) -> (String, Option<reel_diag::Diag>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let d = reel_diag::Diag::error("E0006", reel_diag::Span::new(at, at + 1), format!("the file is not valid UTF-8 (bad byte at offset {at})"))
                .label("not UTF-8")
                .help("save the file as UTF-8");
            (text, Some(d))
        }
    }
}

/// The folder a scene file's `use NAME` looks in: its parent (`.` for a bare name), or none
/// for standard input (`-`).
pub fn scene_dir(path: &std::path::Path) -> Option<std::path::PathBuf> {
    if path == std::path::Path::new("-") {
        return None;
    }
    Some(match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    })
}

/// `compile_in` over raw bytes: decoding problems become diagnostics too.
pub fn compile_bytes(bytes: Vec<u8>, dir: Option<&std::path::Path>) -> (String, Option<ir::Scene>, Vec<reel_diag::Diag>) {
    let (src, bad) = decode_source(bytes);
    let (ir, mut diags) = compile_in(&src, dir);
    if let Some(d) = bad {
        diags.insert(0, d);
        return (src, None, diags);
    }
    (src, ir, diags)
}
