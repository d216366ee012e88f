//! Groups: a `prop` or `actor` declaration with `count N` makes N members (`row[1]` …
//! `row[N]`) of one checked declaration, placed by a layout (line, arc, circle, grid,
//! stack) or emitted over time. The group's name films them all, one track under it runs
//! for every member, and its events are its members' (`ir::Scene::event_groups`).

use super::*;

/// A declared group: its members' kind and indices, in order.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub kind: EntityKind,
    pub members: Vec<usize>,
    pub span: Span,
}

/// The layouts; a group takes one.
const LAYOUTS: &[&str] = &["line", "arc", "circle", "grid", "stack", "emit"];

/// Where one member goes: on the floor plane (x, z) or unchanged, raised by `lift`, with
/// the layout's heading there (`yaw`) and, on an arc or circle, the heading out from its
/// centre (`radial`), appearing at `appears`; an emitted member's whole position is `at`.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    xz: Option<[f32; 2]>,
    yaw: Option<f32>,
    radial: Option<f32>,
    lift: f32,
    at: Option<[f32; 3]>,
    appears: Option<f32>,
}

impl Checker<'_> {
    /// A `prop` or `actor` declaration: one thing, or a group when its block says `count`
    /// or names a layout.
    pub(crate) fn entity(&mut self, d: &ast::EntityDecl, kind: EntityKind) {
        let keys: Vec<&str> = props_of("group").iter().map(|p| p.key).collect();
        let is_group = d.props.as_ref().is_some_and(|b| b.props.iter().any(|p| keys.contains(&p.key.name.as_str())));
        match (is_group, kind) {
            (false, EntityKind::Actor) => self.actor(d),
            (false, _) => self.prop(d),
            (true, _) => self.group_decl(d, kind, &keys),
        }
    }

    fn group_decl(&mut self, d: &ast::EntityDecl, kind: EntityKind, keys: &[&str]) {
        let block = d.props.as_ref().expect("a group has a block");
        let (own, rest): (Vec<_>, Vec<_>) = block.props.iter().cloned().partition(|p| keys.contains(&p.key.name.as_str()));
        let group_block = PropsBlock { props: own, span: block.span };
        let g = self.props(Some(&group_block), "a group", props_of("group"));
        let name = &d.name.name;
        if self.names.contains_key(name) || self.groups_by_name.contains_key(name) {
            let prev = self.names.get(name).map(|n| n.2).or(self.groups_by_name.get(name).map(|g| g.span)).unwrap_or_default();
            let d = Diag::error(Code::E0104, d.name.span, format!("`{name}` is declared twice"))
                .label("declared again here")
                .with(prev, "first declared here")
                .help("give each prop, actor, group and camera its own name");
            self.err(d);
            return;
        }
        let count = self.group_count(&g, d);
        let layout = self.group_layout(&g, &group_block, d, count);
        // The first member is checked as the declaration itself; the others are its copies.
        let member = ast::EntityDecl {
            name: Ident { name: format!("{name}[1]"), span: d.name.span },
            archetype: d.archetype.clone(),
            props: Some(PropsBlock { props: rest, span: block.span }),
            span: d.span,
        };
        let first = match kind {
            EntityKind::Actor => {
                self.actor(&member);
                self.actors.len() - 1
            }
            _ => {
                self.prop(&member);
                self.props.len() - 1
            }
        };
        let mut members = vec![first];
        for i in 2..=count {
            let member_name = format!("{name}[{i}]");
            let index = match kind {
                EntityKind::Actor => {
                    let mut a = self.actors[first].clone();
                    a.name = member_name.clone();
                    self.actors.push(a);
                    self.actor_archetypes.push(d.archetype.name.clone());
                    self.actors.len() - 1
                }
                _ => {
                    let mut p = self.props[first].clone();
                    p.name = member_name.clone();
                    self.props.push(p);
                    self.prop_archetypes.push(d.archetype.name.clone());
                    self.props.len() - 1
                }
            };
            self.names.insert(member_name, (kind, index, d.name.span));
            members.push(index);
        }
        self.names.insert(format!("{name}[first]"), (kind, first, d.name.span));
        self.names.insert(format!("{name}[last]"), (kind, *members.last().unwrap_or(&first), d.name.span));
        if let Some((word, span)) = layout {
            let places = self.places(&g, word, span, kind, &members);
            self.apply_places(&g, kind, &members, &places);
        }
        let member_names = members.iter().map(|&i| if kind == EntityKind::Actor { self.actors[i].name.clone() } else { self.props[i].name.clone() });
        self.event_groups.insert(name.clone(), member_names.collect());
        self.groups_by_name.insert(name.clone(), Group { kind, members, span: d.name.span });
    }

    /// `count N`: a whole number from 1 to the entity limit (1 when left out, with an error).
    fn group_count(&mut self, g: &BTreeMap<&'static str, Bound>, d: &ast::EntityDecl) -> usize {
        let Some(b) = g.get("count") else {
            self.err(
                Diag::error(Code::E0204, d.name.span, format!("`{}` has a layout but no `count`", d.name.name))
                    .label("how many?")
                    .help("say how many members the layout places, e.g. `count 12`"),
            );
            return 1;
        };
        let n = b.num("n").unwrap_or_default();
        if n.fract() != 0.0 || !(1.0..=MAX_ENTITIES as f64).contains(&n) {
            self.err(
                Diag::error(Code::E0208, b.span("n").unwrap_or_default(), format!("a group's count must be a whole number from 1 to {MAX_ENTITIES}"))
                    .label("not a usable count"),
            );
            return 1;
        }
        n as usize
    }

    /// The one layout a group names (none is an E0114 for more than one member).
    fn group_layout(&mut self, g: &BTreeMap<&'static str, Bound>, block: &PropsBlock, d: &ast::EntityDecl, count: usize) -> Option<(&'static str, Span)> {
        let key_span = |k: &str| block.props.iter().find(|p| p.key.name == k).map(|p| p.key.span).unwrap_or_default();
        let given: Vec<(&'static str, Span)> = LAYOUTS.iter().filter(|k| g.contains_key(*k)).map(|k| (*k, key_span(k))).collect();
        match given.as_slice() {
            // A layout that was written but did not bind has been reported already.
            [] if count > 1 && !block.props.iter().any(|p| LAYOUTS.contains(&p.key.name.as_str())) => {
                self.err(
                    Diag::error(Code::E0114, d.name.span, format!("`{}` has {count} members but nothing says where they go", d.name.name))
                        .label("no layout")
                        .help("add one of `line (0m, 0m) to (2m, 0m)`, `arc (0m, 0m) radius 1m`, `circle (0m, 0m) radius 1m`, `grid (0m, 0m) columns 4 spacing (50cm, 50cm)`, `stack` or `emit over 2s from (…) to (…)`"),
                );
                None
            }
            [] => None,
            [one] => Some(*one),
            [first, second, ..] => {
                self.err(
                    Diag::error(Code::E0205, second.1, format!("`{}` and `{}` both place the group", first.0, second.0))
                        .label("placed twice")
                        .with(first.1, "first layout")
                        .help("a group has one layout"),
                );
                Some(*first)
            }
        }
    }

    /// Each member's place in the layout.
    fn places(&mut self, g: &BTreeMap<&'static str, Bound>, word: &str, span: Span, kind: EntityKind, members: &[usize]) -> Vec<Place> {
        let n = members.len();
        let b = &g[word];
        let frac = |i: usize| if n > 1 { i as f32 / (n - 1) as f32 } else { 0.0 };
        let v2 = |key: &str| b.vec(key).map(|v| [v[0] as f32, v[1] as f32]).unwrap_or_default();
        let v3 = |key: &str| b.vec(key).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or_default();
        let num = |key: &str| b.num(key).unwrap_or_default() as f32;
        match word {
            "line" => {
                let (a, z) = (v2("from"), v2("to"));
                let heading = (-(z[1] - a[1])).atan2(z[0] - a[0]);
                (0..n)
                    .map(|i| Place { xz: Some([a[0] + (z[0] - a[0]) * frac(i), a[1] + (z[1] - a[1]) * frac(i)]), yaw: Some(heading), ..Place::default() })
                    .collect()
            }
            "arc" | "circle" => {
                let (c, r) = (v2("center"), num("radius"));
                if !(r > 0.0 && r <= 1000.0) {
                    self.err(Diag::error(Code::E0208, b.span("radius").unwrap_or(span), "a radius must be more than 0m and at most 1km").label("out of range"));
                }
                let (from, to) = if word == "arc" { (num("from"), num("to")) } else { (0.0, std::f32::consts::TAU * (1.0 - 1.0 / n as f32)) };
                // The heading along the arc: a quarter turn on from the radius, the way it runs.
                let along = if to >= from { std::f32::consts::FRAC_PI_2 } else { -std::f32::consts::FRAC_PI_2 };
                (0..n)
                    .map(|i| {
                        let theta = from + (to - from) * frac(i);
                        let xz = Some([c[0] + r * theta.cos(), c[1] - r * theta.sin()]);
                        Place { xz, yaw: Some(theta + along), radial: Some(theta), ..Place::default() }
                    })
                    .collect()
            }
            "grid" => {
                let (c, s) = (v2("center"), v2("spacing"));
                let cols = b.num("columns").unwrap_or_default();
                if cols.fract() != 0.0 || !(1.0..=MAX_ENTITIES as f64).contains(&cols) {
                    self.err(Diag::error(Code::E0208, b.span("columns").unwrap_or(span), "columns must be a whole number from 1 to 256").label("out of range"));
                }
                let cols = (cols.max(1.0) as usize).min(n.max(1));
                let rows = n.div_ceil(cols);
                (0..n)
                    .map(|i| {
                        let (col, row) = ((i % cols) as f32, (i / cols) as f32);
                        let x = c[0] + (col - (cols as f32 - 1.0) / 2.0) * s[0];
                        let z = c[1] + (row - (rows as f32 - 1.0) / 2.0) * s[1];
                        Place { xz: Some([x, z]), ..Place::default() }
                    })
                    .collect()
            }
            "stack" => self.stack_places(b, span, kind, members),
            _ => self.emit_places(b, span, kind, members, v3("from"), v3("to")),
        }
    }

    /// Each member on the one before: raised by the heights below it and the gap.
    fn stack_places(&mut self, b: &Bound, span: Span, kind: EntityKind, members: &[usize]) -> Vec<Place> {
        if kind == EntityKind::Actor {
            self.err(
                Diag::error(Code::E0114, span, "figures cannot be stacked")
                    .label("a stack of actors")
                    .help("stack props; place actors with `line`, `arc`, `circle` or `grid`"),
            );
            return Vec::new();
        }
        let gap = b.num("gap").unwrap_or(0.0) as f32;
        if !(0.0..=10.0).contains(&gap) {
            self.err(Diag::error(Code::E0208, b.span("gap").unwrap_or(span), "a stack's gap must be between 0m and 10m").label("out of range"));
        }
        let mut lift = 0.0;
        members
            .iter()
            .map(|&i| {
                let place = Place { lift, ..Place::default() };
                let p = &self.props[i];
                let height = match p.kind {
                    ir::PropKind::Ball { radius_m, .. } => 2.0 * radius_m,
                    _ => p.top_m() - p.position_m[1],
                };
                lift += height + gap.clamp(0.0, 10.0);
                place
            })
            .collect()
    }

    /// Emitted members: each appears at its time, at a seeded point in the box.
    fn emit_places(&mut self, b: &Bound, span: Span, kind: EntityKind, members: &[usize], from: [f32; 3], to: [f32; 3]) -> Vec<Place> {
        let dynamic = kind == EntityKind::Prop && members.first().is_some_and(|&i| is_dynamic(&self.props[i].kind));
        if !dynamic {
            self.err(
                Diag::error(Code::E0114, span, "only things that move can be emitted")
                    .label("not a ball, box, domino or cup")
                    .help("emit balls, boxes, dominoes or cups; place the others with a layout"),
            );
            return Vec::new();
        }
        let Some(over) = self.positive(b, "over", "an emitter's span").map(|v| v as f32) else { return Vec::new() };
        let start = b.num("start").unwrap_or(0.0);
        if !(0.0..=MAX_DURATION_SECS).contains(&start) {
            self.err(Diag::error(Code::E0208, b.span("start").unwrap_or(span), "an emitter starts between 0s and 600s").label("out of range"));
        }
        if from.iter().chain(&to).any(|c| c.abs() > 1000.0) || from[1].min(to[1]) < 0.0 {
            self.err(Diag::error(Code::E0208, b.span("from").unwrap_or(span), "an emitter's box must be above the floor and within 1km").label("out of range"));
        }
        let seed = b.num("seed").unwrap_or_default().abs().min(u64::MAX as f64) as u64;
        let n = members.len();
        // Members that appear within half a second of each other are drawn apart (up to 16
        // draws each), so none appears inside one that has barely fallen.
        let reach = |i: usize| {
            let (lo, hi) = prop_bounds(&self.props[i]);
            (0..3).map(|k| hi[k] - lo[k]).fold(0.0f32, f32::max)
        };
        let mut out: Vec<Place> = Vec::with_capacity(n);
        let mut rng = SplitMix(seed);
        for (i, &m) in members.iter().enumerate() {
            let t = start as f32 + if n > 1 { over * i as f32 / (n - 1) as f32 } else { 0.0 };
            let size = reach(m);
            let mut at = [0.0f32; 3];
            for _ in 0..16 {
                at = std::array::from_fn(|k| from[k] + (to[k] - from[k]) * rng.unit());
                let clear = out.iter().rev().take_while(|p| t - p.appears.unwrap_or(0.0) < 0.5).all(|p| {
                    let q = p.at.unwrap_or_default();
                    (0..3).map(|k| (q[k] - at[k]).powi(2)).sum::<f32>().sqrt() > size
                });
                if clear {
                    break;
                }
            }
            out.push(Place { at: Some(at), appears: Some(t), ..Place::default() });
        }
        out
    }

    /// Move and turn each member to its place; `orient` says how members turn (props
    /// along the layout, actors as declared, unless it is given).
    fn apply_places(&mut self, g: &BTreeMap<&'static str, Bound>, kind: EntityKind, members: &[usize], places: &[Place]) {
        let orient = g.get("orient").and_then(|b| b.word("how")).unwrap_or(if kind == EntityKind::Actor { "same" } else { "along" });
        for (&i, place) in members.iter().zip(places) {
            let yaw = match orient {
                "along" => place.yaw,
                "out" => place.radial,
                "in" => place.radial.map(|r| r + std::f32::consts::PI),
                _ => None,
            };
            if kind == EntityKind::Actor {
                let a = &mut self.actors[i];
                if let Some([x, z]) = place.xz {
                    a.position_m = [x, a.position_m[1], z];
                }
                if let Some(y) = yaw {
                    a.facing_rad = y;
                }
                continue;
            }
            let p = &mut self.props[i];
            if let Some([x, z]) = place.xz {
                p.position_m = [x, p.position_m[1], z];
            }
            p.position_m[1] += place.lift;
            if let Some(at) = place.at {
                p.position_m = at;
            }
            p.appears_secs = place.appears;
            if let Some(y) = yaw {
                p.turn_by(y);
            }
        }
    }

    /// A group's name where one thing is wanted: say how to name a member.
    pub(crate) fn group_not_one(&mut self, name: &Ident, what: &str) -> bool {
        let Some(g) = self.groups_by_name.get(&name.name) else { return false };
        let n = g.members.len();
        let d = Diag::error(Code::E0101, name.span, format!("`{}` is a group of {n}, not one {what}", name.name))
            .label("a group")
            .with(g.span, "declared here")
            .help(format!("name one member: `{0}[1]` … `{0}[{n}]`, `{0}[first]` or `{0}[last]`", name.name));
        self.err(d);
        true
    }
}

/// A small seeded generator (SplitMix64): the same seed draws the same points everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// The names motions are bound to (`as NAME`) in these statements, nested ones included.
fn bound_names(stmts: &[ast::Stmt], out: &mut Vec<String>) {
    for s in stmts {
        match &s.kind {
            StmtKind::Command(c) | StmtKind::During(_, c) => out.extend(c.binding.as_ref().map(|b| b.name.clone())),
            StmtKind::At(_, b) | StmtKind::After(_, b) => bound_names(std::slice::from_ref(b.as_ref()), out),
            StmtKind::Freeze { body, .. } | StmtKind::Together(body) => bound_names(body, out),
        }
    }
}

/// `row[3]` → ("row", "3"); `row` → None.
fn split_member(name: &str) -> Option<(&str, &str)> {
    let (base, rest) = name.split_once('[')?;
    Some((base, rest.strip_suffix(']')?))
}

impl Checker<'_> {
    /// Motions bound in a group's track are bound once per member (`hop[1]` …) and `hop`
    /// is all of them: noted before any track is checked, so events may be referred to in
    /// any order.
    pub(crate) fn note_group_bindings(&mut self, tracks: &[&ast::Track]) {
        for tr in tracks {
            let Some(n) = self.groups_by_name.get(&tr.target.name).map(|g| g.members.len()) else { continue };
            let mut names = Vec::new();
            bound_names(&tr.stmts, &mut names);
            for b in names {
                self.event_groups.insert(b.clone(), (1..=n).map(|i| format!("{b}[{i}]")).collect());
                self.group_bindings.insert(b, n);
            }
        }
    }

    /// An event of a group (`row.rests`: every member's), of a motion bound in a group's
    /// track (`hop.landing`, `hop[2].landing`): `None` when the reference is not about a
    /// group, else what it resolves to.
    pub(crate) fn group_event_ref(&mut self, e: &ast::EventRef, phase: bool) -> Option<Option<ir::EventRef>> {
        let name = &e.binding.name;
        if let Some(g) = self.groups_by_name.get(name).cloned() {
            if g.kind == EntityKind::Actor {
                let d = Diag::error(Code::E0102, e.binding.span, format!("`{name}` is a group of actors, which has no events of its own"))
                    .label("a group of figures")
                    .with(g.span, "declared here")
                    .help(format!(
                        "bind a motion in its track (`{name} {{ jump up 40cm as hop }}`), then wait on `hop.landing` (all of them) or `hop[1].landing`"
                    ));
                self.err(d);
                return Some(None);
            }
            let first = self.props.get(g.members[0]).map(|p| p.name.clone()).unwrap_or_default();
            let one = ast::EventRef { binding: Ident { name: first, span: e.binding.span }, event: e.event.clone(), span: e.span };
            return Some(self.event_ref(&one, phase).map(|r| ir::EventRef { binding: name.clone(), event: r.event }));
        }
        let (base, index) = split_member(name)?;
        let n = *self.group_bindings.get(base)?;
        let i = match index {
            "first" => 1,
            "last" => n,
            digits => digits.parse::<usize>().unwrap_or(0),
        };
        if !(1..=n).contains(&i) {
            let d = Diag::error(Code::E0208, e.binding.span, format!("`{base}` is bound for {n} members; there is no member {index}"))
                .label("no such member")
                .help(format!("members are counted from 1 to {n}"));
            self.err(d);
            return Some(None);
        }
        let whole = ast::EventRef { binding: Ident { name: base.to_string(), span: e.binding.span }, event: e.event.clone(), span: e.span };
        Some(self.event_ref(&whole, phase).map(|r| ir::EventRef { binding: format!("{base}[{i}]"), event: r.event }))
    }

    /// A group's track: checked once, then one track per member, its bindings renamed to the
    /// member's (`hop` → `hop[2]`), places offset by the member's place in the formation,
    /// each member starting `stagger` after the one before.
    pub(crate) fn group_track(&mut self, tr: &ast::Track, actor_tracks: &mut Vec<ir::ActorTrack>, prop_tracks: &mut Vec<ir::PropTrack>) {
        let Some(g) = self.groups_by_name.get(&tr.target.name).cloned() else { return };
        let mut own = Vec::new();
        bound_names(&tr.stmts, &mut own);
        let rename = |b: &mut String, k: usize| {
            if own.contains(b) {
                *b = format!("{b}[{}]", k + 1);
            }
        };
        let rename_start = |s: &mut ir::Start, k: usize| {
            if let ir::Start::At(e) | ir::Start::After(e) | ir::Start::During(e) = s {
                rename(&mut e.binding, k);
            }
        };
        if g.kind == EntityKind::Actor {
            let archetype = self.actor_archetypes.get(g.members[0]).cloned().unwrap_or_default();
            let stretches: Vec<(f32, Vec<ir::ActorItem>)> =
                self.stretches(&tr.stmts).into_iter().map(|(gap, stmts)| (gap, self.actor_track(&archetype, stmts))).collect();
            let starts: Vec<[f32; 3]> = g.members.iter().map(|&i| self.actors[i].position_m).collect();
            let centre = mean(&starts);
            for (k, &actor) in g.members.iter().enumerate() {
                let offset = [starts[k][0] - centre[0], starts[k][2] - centre[2]];
                // Each stretch after a `stagger` starts `gap` later for each member in turn.
                let mut its = Vec::new();
                for (gap, items) in &stretches {
                    if *gap > 0.0 && k > 0 {
                        let wait = ir::Motion::Idle { duration_secs: Some(gap * k as f32) };
                        its.push(ir::ActorItem { start: ir::Start::Sequential, motion: wait, binding: None });
                    }
                    its.extend(items.iter().cloned());
                }
                for it in &mut its {
                    it.binding.iter_mut().for_each(|b| rename(b, k));
                    rename_start(&mut it.start, k);
                    if let ir::Motion::Locomotion { target_m, via_m, approach, .. } = &mut it.motion {
                        for q in via_m.iter_mut().chain([target_m]) {
                            *q = [q[0] + offset[0], q[1] + offset[1]];
                        }
                        if let Some(a) = approach {
                            a.formation_m = offset;
                        }
                    }
                }
                actor_tracks.push(ir::ActorTrack { actor, items: its });
            }
            return;
        }
        let (_, stmts) = self.stagger(&tr.stmts, g.kind);
        let archetype = self.prop_archetypes.get(g.members[0]).cloned().unwrap_or_default();
        self.current_prop = self.props.get(g.members[0]).map(|p| p.name.clone()).unwrap_or_default();
        let Some(items) = self.prop_track(&archetype, stmts) else { return };
        let starts: Vec<[f32; 3]> = g.members.iter().map(|&i| self.props[i].position_m).collect();
        let centre = mean(&starts);
        for (k, &prop) in g.members.iter().enumerate() {
            let mut its = items.clone();
            for it in &mut its {
                it.binding.iter_mut().for_each(|b| rename(b, k));
                rename_start(&mut it.start, k);
                it.to_m = std::array::from_fn(|c| it.to_m[c] + starts[k][c] - centre[c]);
            }
            prop_tracks.push(ir::PropTrack { prop, items: its });
        }
    }

    /// A group of actors' track cut at each `stagger D`: each stretch with the gap its
    /// members start apart (0 for a first stretch that no `stagger` begins).
    fn stretches<'s>(&mut self, stmts: &'s [ast::Stmt]) -> Vec<(f32, &'s [ast::Stmt])> {
        let mut out = Vec::new();
        let (mut gap, mut from) = (0.0, 0);
        for (i, s) in stmts.iter().enumerate() {
            if matches!(&s.kind, StmtKind::Command(c) if c.verb.name == "stagger") {
                if i > from || gap > 0.0 {
                    out.push((gap, &stmts[from..i]));
                }
                gap = self.stagger(&stmts[i..], EntityKind::Actor).0;
                from = i + 1;
            }
        }
        out.push((gap, &stmts[from..]));
        out
    }

    /// A leading `stagger D` in a group's track: the gap, and the statements after it.
    fn stagger<'s>(&mut self, stmts: &'s [ast::Stmt], kind: EntityKind) -> (f32, &'s [ast::Stmt]) {
        let Some((first, rest)) = stmts.split_first() else { return (0.0, stmts) };
        let StmtKind::Command(c) = &first.kind else { return (0.0, stmts) };
        if c.verb.name != "stagger" {
            return (0.0, stmts);
        }
        if kind != EntityKind::Actor {
            self.err(
                Diag::error(Code::E0107, c.verb.span, "props do not take turns")
                    .label("`stagger` in a group of props")
                    .help("stagger a group of actors; a group of props moves by physics, or by `animate … after EVENT`"),
            );
            return (0.0, rest);
        }
        let Some(spec) = motion_spec("stagger") else { return (0.0, rest) };
        let (b, ok) = bind("`stagger`", c.span, &c.args, spec.params, &mut self.diags);
        let gap = if ok { self.positive(&b, "gap", "a stagger's gap").unwrap_or(0.0) } else { 0.0 };
        (gap as f32, rest)
    }
}

fn mean(points: &[[f32; 3]]) -> [f32; 3] {
    let n = points.len().max(1) as f32;
    std::array::from_fn(|c| points.iter().map(|p| p[c]).sum::<f32>() / n)
}
