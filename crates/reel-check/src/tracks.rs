//! Actor and prop tracks: bindings, event references, each statement's motion bound against
//! its builtin's signature, and which body parts it drives.

use super::*;

impl Checker<'_> {
    pub(crate) fn collect_bindings(&mut self, stmts: &[ast::Stmt]) {
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
                        let d = Diag::error(Code::E0104, b.span, format!("the name `{}` is bound twice", b.name))
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
    pub(crate) fn event_ref(&mut self, e: &ast::EventRef, phase: bool) -> Option<ir::EventRef> {
        if let Some(found) = self.group_event_ref(e, phase) {
            return found;
        }
        if !self.bindings.contains_key(&e.binding.name) {
            if let Some((EntityKind::Prop, pi, pspan)) = self.names.get(&e.binding.name).copied() {
                let arch = self.prop_archetypes.get(pi).cloned().unwrap_or_default();
                let events = lib().props_archetype_events(&arch);
                if !events.is_empty() {
                    if let Some((_, ev)) = events.iter().find(|(n, _)| *n == e.event.name).filter(|_| !phase) {
                        // `row[last]` is the member's own name in the IR.
                        let binding = self.props.get(pi).map_or(e.binding.name.clone(), |p| p.name.clone());
                        return Some(ir::EventRef { binding, event: *ev });
                    }
                    let names: Vec<&str> = events.iter().map(|(n, _)| *n).collect();
                    let mut d = Diag::error(Code::E0103, e.event.span, format!("a {arch} has no {} `{}`", if phase { "phase" } else { "event" }, e.event.name))
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
            let mut d = Diag::error(Code::E0102, e.binding.span, format!("no motion is bound as `{}`", e.binding.name)).label("unknown name");
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
                let mut d = Diag::error(Code::E0103, e.event.span, format!("`{verb}` has no {what} `{}`", e.event.name))
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

    pub(crate) fn actor_track(&mut self, archetype: &str, stmts: &[ast::Stmt]) -> Vec<ir::ActorItem> {
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
                                Diag::error(
                                    Code::E0001,
                                    inner.span,
                                    "`together` holds motions that start at once, without `at`, `after`, `during` or `freeze`",
                                )
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
    pub(crate) fn drives_of(&self, verb: &str, m: &ir::Motion) -> Vec<&'static str> {
        let Some(spec) = motion_spec(verb) else { return Vec::new() };
        if matches!(m, ir::Motion::BalanceOnPalm { .. }) {
            return vec!["right_arm"];
        }
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

    pub(crate) fn freeze_in_actor_track(&mut self, span: Span) {
        self.err(
            Diag::error(Code::E0302, span, "`freeze` belongs in a camera track")
                .label("in an actor's track")
                .help("story time stands still during a freeze, so only cameras move: put it in a camera's track"),
        );
    }

    pub(crate) fn unknown_verb(&mut self, verb: &Ident, actor: bool) {
        // An actor's motions are its figure's: `animate` is a prop's.
        let figure_verbs = || lib().motions.iter().filter(|m| m.actor && m.for_archetype.is_some_and(|a| lib().is_a(a, "humanoid"))).map(|m| m.name).collect();
        let (own, other, own_kind, other_kind) =
            if actor { (figure_verbs(), lib().verbs(false), "an actor", "a camera") } else { (lib().verbs(false), lib().verbs(true), "a camera", "an actor") };
        let mut d = Diag::error(Code::E0107, verb.span, format!("`{}` is not something {own_kind} can do", verb.name)).label("unknown motion");
        d = if other.contains(&verb.name.as_str()) {
            d.help(format!("`{}` is for {other_kind}; move it to {other_kind}'s track", verb.name))
        } else if let Some(s) = suggest(&verb.name, own.iter().copied()) {
            d.help(format!("did you mean `{s}`?"))
        } else {
            d.help(format!("{own_kind} can: {}", own.join(", ")))
        };
        self.err(d);
    }

    /// The prop a name argument `key` names, when `ok` accepts its kind (E0101 otherwise).
    pub(crate) fn prop_arg(&mut self, b: &Bound, key: &str, what: &str, ok: fn(&ir::PropKind) -> bool) -> Option<usize> {
        let Some((Got::Name(path), span)) = b.get(key) else { return None };
        let span = *span;
        let (_, pi) = self.resolve(&path[0], &[EntityKind::Prop])?;
        let p = self.props.get(pi)?;
        if !ok(&p.kind) {
            let d = Diag::error(Code::E0101, span, format!("`{}` is not {what}", p.name)).label("the wrong kind of prop");
            self.err(d);
            return None;
        }
        Some(pi)
    }

    pub(crate) fn positive(&mut self, b: &Bound, key: &str, what: &str) -> Option<f64> {
        let v = b.num(key)?;
        if v <= 0.0 || v > MAX_DURATION_SECS {
            let span = b.span(key).unwrap_or_default();
            self.err(Diag::error(Code::E0208, span, format!("{what} must be more than 0 and at most {MAX_DURATION_SECS}s")).label("not a usable duration"));
            return None;
        }
        Some(v)
    }

    /// The motion a verb names, when a thing of `archetype` can do it (E0107 otherwise).
    pub(crate) fn verb_for(&mut self, archetype: &str, c: &ast::Command) -> Option<&'static MotionSpec> {
        let Some(spec) = motion_spec(&c.verb.name).filter(|s| s.actor) else {
            self.unknown_verb(&c.verb, true);
            return None;
        };
        if spec.for_archetype.is_some_and(|a| !lib().is_a(archetype, a)) && !archetype.is_empty() {
            // What moves (has `rests`) can be launched; a table cannot.
            let moves = lib().props_archetype_events(archetype).iter().any(|(e, _)| *e == "rests");
            let can: Vec<&str> = lib()
                .motions
                .iter()
                .filter(|m| m.for_archetype.is_some_and(|a| lib().is_a(archetype, a)) && (m.name != "launch" || moves))
                .map(|m| m.name)
                .collect();
            self.err(
                Diag::error(Code::E0107, c.verb.span, format!("a `{archetype}` cannot `{}`", c.verb.name))
                    .label(format!("`{}` is a motion of `{}`", c.verb.name, spec.for_archetype.unwrap_or("?")))
                    .help(if can.is_empty() && lib().props_archetype_events(archetype).iter().any(|(e, _)| *e == "rests") {
                        format!("a `{archetype}` has no motions of its own: the physics moves it (pushed, knocked, dropped or hit)")
                    } else if can.is_empty() {
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
    pub(crate) fn prop_track(&mut self, archetype: &str, stmts: &[ast::Stmt]) -> Option<Vec<ir::PropItem>> {
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
                        Diag::error(Code::E0001, s.span, "a prop's track holds `animate` moves, one after another, each may start `at` or `after` an event")
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
            let Some(start) = start else { continue };
            let (to, over, launch) = if spec.name == "launch" {
                let Some(l) = self.launch_of(c, &b, archetype) else { continue };
                ([0.0; 3], 0.0, Some(l))
            } else {
                let (Some(to), Some(over)) =
                    (b.vec("to").filter(|v| v.len() == 3).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]), self.positive(&b, "over", "a move's duration"))
                else {
                    continue;
                };
                (to, over, None)
            };
            if to.iter().any(|x| x.abs() > 1000.0) {
                self.err(Diag::error(Code::E0208, b.span("to").unwrap_or_default(), "a prop can move at most 1km from the origin").label("out of range"));
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
            items.push(ir::PropItem { start, to_m: to, duration_secs: over as f32, ease: ease_of(&b), binding, launch });
        }
        Some(items)
    }

    pub(crate) fn actor_motion(&mut self, archetype: &str, c: &ast::Command) -> Option<ir::Motion> {
        let spec = self.verb_for(archetype, c)?;
        let (b, ok) = bind(&format!("`{}`", c.verb.name), c.span, &c.args, spec.params, &mut self.diags);
        if !ok {
            return None;
        }
        Some(match spec.name {
            "walk" | "run" | "sprint" => self.locomotion_motion(spec, c, &b)?,
            "jump" => self.jump_motion(&b)?,
            "backflip" | "frontflip" | "cartwheel" | "roundoff" => self.flip_motion(spec, &b)?,
            "turn" => {
                let a = b.num("angle")?;
                if !(a > 0.0 && a <= 100.0 * std::f64::consts::TAU) {
                    self.err(Diag::error(Code::E0208, b.span("angle").unwrap_or_default(), "a turn's angle must be more than 0deg").label("out of range"));
                    return None;
                }
                let sign = if b.word("direction") == Some("right") { -1.0 } else { 1.0 };
                let d = self.positive(&b, "over", "a turn's duration").unwrap_or_default();
                ir::Motion::Turn { by_rad: Some((sign * a) as f32), to_rad: None, duration_secs: d as f32, toward: None }
            }
            "face" => {
                let d = self.positive(&b, "over", "a turn's duration").unwrap_or_default() as f32;
                let (to_rad, toward) = match b.get("direction") {
                    Some((Got::Axis(neg, axis), span)) => (Some(self.yaw_of(*neg, *axis, *span)), None),
                    Some((Got::Num(a), _)) => (Some(*a as f32), None),
                    Some((Got::Vec(v), _)) => (None, Some(ir::Place::Point([v[0] as f32, v[1] as f32]))),
                    Some((Got::Name(path), _)) => (None, Some(self.place_of(&path[0])?)),
                    _ => return None,
                };
                ir::Motion::Turn { by_rad: None, to_rad, duration_secs: d, toward }
            }
            "kick" => {
                let side = if b.word("leg") == Some("left_leg") { ir::Side::Left } else { ir::Side::Right };
                let d = self.positive(&b, "over", "a kick's duration").unwrap_or_default();
                let ball = match b.get("item") {
                    Some(_) => {
                        let pi = self.prop_arg(&b, "item", "something to kick: a ball, a dynamic box or a cup", is_dynamic)?;
                        Some((pi, self.kick_launch(c, &b)?))
                    }
                    None => None,
                };
                ir::Motion::Kick { side, duration_secs: d as f32, ball }
            }
            "point" => {
                let side = if b.word("arm") == Some("left_arm") { ir::Side::Left } else { ir::Side::Right };
                let d = self.positive(&b, "for", "a point's duration").unwrap_or_default();
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
                let up = b.num("up").unwrap_or_default();
                let fwd = b.num("forward").unwrap_or_default();
                if !(up > 0.0 && up <= 2.0) {
                    self.err(
                        Diag::error(Code::E0208, b.span("up").unwrap_or_default(), "a hop down's height must be more than 0m and at most 2m")
                            .label("out of range"),
                    );
                    return None;
                }
                if !(-10.0..=10.0).contains(&fwd) {
                    self.err(
                        Diag::error(Code::E0208, b.span("forward").unwrap_or_default(), "a hop down's distance must be at most 10m").label("out of range"),
                    );
                    return None;
                }
                ir::Motion::Jump {
                    up_m: up as f32,
                    forward_m: fwd as f32,
                    turns: ir::Turns::default(),
                    plant_hands: false,
                    onto: None,
                    over: None,
                    carry: false,
                }
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
            "balance" => self.balance_motion(c, &b)?,
            "push" => self.push_motion(c, &b)?,
            "throw" => self.throw_motion(c, &b)?,
            "put" => {
                let prop = self.prop_arg(&b, "item", "something to put down: a ball, a dynamic box or a cup", is_dynamic)?;
                let on = self.prop_arg(&b, "on", "something with a top to put things on: a table, a chair, a box or a wall", has_top)?;
                let at_m = b.vec("at").map(|v| [v[0] as f32, v[1] as f32]);
                ir::Motion::Put { prop, on, at_m, duration_secs: self.positive(&b, "over", "putting down's duration")? as f32 }
            }
            "mark" => {
                if c.binding.is_none() {
                    self.err(
                        Diag::error(Code::E0204, c.span, "a mark needs a name")
                            .label("nothing can refer to this instant")
                            .help("write `mark as NAME`, then `at NAME.start …` elsewhere"),
                    );
                    return None;
                }
                ir::Motion::Mark
            }
            "chase" | "watch" | "crouch" | "bow" | "lie_down" => self.goal_motion(spec.name, c, &b)?,
            "stagger" => {
                self.err(
                    Diag::error(Code::E0107, c.verb.span, "`stagger` belongs in a group's track")
                        .label("not in a group of actors' track")
                        .help("declare a group (`actor friends = person { count 3, line (0m, 0m) to (2m, 0m) }`) and begin its track with `stagger 0.5s`"),
                );
                return None;
            }
            "catch" => {
                let prop = self.prop_arg(&b, "item", "something to catch: a ball, a dynamic box or a cup", is_dynamic)?;
                ir::Motion::Catch { prop, duration_secs: self.positive(&b, "for", "a catch's wait")? as f32 }
            }
            _ => unreachable!(),
        })
    }

    /// A jump: its height and its distance forward, each in range.
    fn jump_motion(&mut self, b: &Bound) -> Option<ir::Motion> {
        let onto = match b.get("onto") {
            Some(_) => Some(self.prop_arg(b, "onto", "something to jump onto: a table, chair or box", has_top)?),
            None => None,
        };
        let over = match b.get("over") {
            Some(_) => Some(self.prop_arg(b, "over", "something to jump over", |_| true)?),
            None => None,
        };
        if let (Some(_), Some(_)) = (onto, over) {
            self.err(
                Diag::error(Code::E0205, b.span("over").unwrap_or_default(), "a jump lands `onto` a prop or clears it (`over`), not both").label("two goals"),
            );
            return None;
        }
        let up = match (b.num("up"), onto.or(over)) {
            (Some(up), _) => up,
            (None, Some(_)) => 0.0,
            (None, None) => {
                let span = b.span("forward").unwrap_or_default();
                self.err(
                    Diag::error(Code::E0204, span, "a jump needs `up`, `onto` or `over`")
                        .label("how high, or onto or over what?")
                        .help("write `jump up 40cm`, `jump onto PROP` to land on its top, or `jump over PROP` to clear it"),
                );
                return None;
            }
        };
        let carry = b.num("forward").is_none();
        let fwd = b.num("forward").unwrap_or_default();
        if (onto.or(over).is_none() || up != 0.0) && (up <= 0.0 || up > 100.0) {
            self.err(Diag::error(Code::E0208, b.span("up").unwrap_or_default(), "a jump's height must be more than 0m").label("not a usable height"));
            return None;
        }
        if !(-100.0..=100.0).contains(&fwd) {
            self.err(Diag::error(Code::E0208, b.span("forward").unwrap_or_default(), "a jump's distance must be at most 100m").label("out of range"));
            return None;
        }
        Some(ir::Motion::Jump { up_m: up as f32, forward_m: fwd as f32, turns: ir::Turns::default(), plant_hands: false, onto, over, carry })
    }

    /// A flip: a jump that turns the body (pitch, roll, yaw) through its flight.
    fn flip_motion(&mut self, spec: &MotionSpec, b: &Bound) -> Option<ir::Motion> {
        use std::f32::consts::{PI, TAU};
        // A cartwheel or round-off without `up` rises as far as planting the hands needs.
        let plant_hands = b.get("up").is_none() && matches!(spec.name, "cartwheel" | "roundoff");
        let up = if plant_hands { 0.0 } else { b.num("up")? };
        let fwd = b.num("forward").unwrap_or(0.0);
        if !plant_hands && (up <= 0.0 || up > 10.0) {
            self.err(
                Diag::error(Code::E0208, b.span("up").unwrap_or_default(), "a flip's height must be more than 0m and at most 10m")
                    .label("not a usable height")
                    .help("a flip needs time in the air to turn: 40cm to 1m is human"),
            );
            return None;
        }
        if !(-20.0..=20.0).contains(&fwd) {
            self.err(Diag::error(Code::E0208, b.span("forward").unwrap_or_default(), "a flip's distance must be at most 20m").label("out of range"));
            return None;
        }
        let turns = match spec.name {
            "backflip" => ir::Turns { pitch: -TAU, ..Default::default() },
            "frontflip" => ir::Turns { pitch: TAU, ..Default::default() },
            "cartwheel" => ir::Turns { roll: TAU, ..Default::default() },
            _ => ir::Turns { roll: TAU, yaw: PI, ..Default::default() },
        };
        Some(ir::Motion::Jump { up_m: up as f32, forward_m: fwd as f32, turns, plant_hands, onto: None, over: None, carry: false })
    }

    /// A push of a dynamic prop by a distance over a time.
    fn push_motion(&mut self, c: &ast::Command, b: &Bound) -> Option<ir::Motion> {
        let prop = self.prop_arg(b, "target", "something that moves when pushed: a ball, a dynamic box or a cup", is_dynamic)?;
        let by = b.num("by").unwrap_or_default();
        if !(by > 0.0 && by <= 100.0) {
            self.err(
                Diag::error(Code::E0208, b.span("by").unwrap_or_default(), "a push's distance must be more than 0m and at most 100m").label("out of range"),
            );
            return None;
        }
        let duration_secs = match (b.num("speed"), b.span("over").filter(|s| *s != c.span)) {
            (Some(_), Some(over)) => {
                self.err(Diag::error(Code::E0205, over, "`over` and `speed` both set the pace").label("paced twice").help("give a duration or a speed"));
                return None;
            }
            (Some(v), None) if !(0.05..=10.0).contains(&v) => {
                self.err(Diag::error(Code::E0208, b.span("speed").unwrap_or(c.span), "a push's speed must be between 0.05 and 10 m/s").label("out of range"));
                return None;
            }
            (Some(v), None) => by / v,
            (None, _) => self.positive(b, "over", "a push's duration")?,
        };
        Some(ir::Motion::Push { prop, by_m: by as f32, duration_secs: duration_secs as f32 })
    }

    /// A throw of a prop at a point, a figure or a prop.
    fn throw_motion(&mut self, c: &ast::Command, b: &Bound) -> Option<ir::Motion> {
        let prop = self.prop_arg(b, "item", "something to throw: a ball, a dynamic box or a cup", is_dynamic)?;
        let target = match (b.vec("to"), b.get("toward")) {
            (Some(v), None) => ir::ThrowTarget::Point([v[0] as f32, v[1] as f32, v[2] as f32]),
            (None, Some((Got::Name(path), _))) => match self.resolve(&path[0], &[EntityKind::Actor, EntityKind::Prop])? {
                (EntityKind::Actor, i) => ir::ThrowTarget::Actor(i),
                (_, i) => ir::ThrowTarget::Prop(i),
            },
            (Some(_), Some(_)) => {
                self.err(
                    Diag::error(Code::E0205, b.span("toward").unwrap_or_default(), "a throw aims `to` a point or `toward` something, not both")
                        .label("one aim too many"),
                );
                return None;
            }
            _ => {
                self.err(
                    Diag::error(Code::E0204, c.span, "a throw needs an aim: `to (x, y, z)` or `toward NAME`")
                        .label("where does it go?")
                        .help("e.g. `throw ball toward bob` or `throw ball to (3m, 1m, 0m)`"),
                );
                return None;
            }
        };
        Some(ir::Motion::Throw { prop, target, duration_secs: self.positive(b, "over", "a throw's duration")? as f32 })
    }
}

impl Checker<'_> {
    /// Every track of the timelines, each checked once (a group's track becomes one per
    /// member; a member may not have its own track as well).
    pub(crate) fn tracks(&mut self, timelines: &[&ast::Timeline]) -> (Vec<ir::ActorTrack>, Vec<ir::PropTrack>, Vec<ir::CameraTrack>) {
        let mut actor_tracks = Vec::new();
        let mut prop_tracks = Vec::new();
        let mut camera_tracks = Vec::new();
        let mut track_seen: BTreeMap<String, Span> = BTreeMap::new();
        for t in timelines {
            for tr in &t.tracks {
                // A group's track is its members' tracks: none of them may have another.
                let members: Vec<String> =
                    self.event_groups.get(&tr.target.name).filter(|_| self.groups_by_name.contains_key(&tr.target.name)).cloned().unwrap_or_default();
                let mut clash = false;
                for m in &members {
                    if let Some(prev) = track_seen.get(m).copied() {
                        let d = Diag::error(Code::E0104, tr.target.span, format!("`{m}` has a track already, and this group's track would be a second"))
                            .label("a track for every member")
                            .with(prev, "its own track here")
                            .help("put the member's statements in the group's track, or give each member its own track");
                        self.err(d);
                        clash = true;
                    }
                }
                if !members.is_empty() && !clash {
                    for m in &members {
                        track_seen.insert(m.clone(), tr.target.span);
                    }
                    track_seen.insert(tr.target.name.clone(), tr.target.span);
                    self.group_track(tr, &mut actor_tracks, &mut prop_tracks);
                    continue;
                }
                if clash {
                    continue;
                }
                // `row[last]` and `row[12]` are one member: its own name.
                let name = match self.names.get(&tr.target.name) {
                    Some((EntityKind::Prop, i, _)) => self.props.get(*i).map_or(tr.target.name.clone(), |p| p.name.clone()),
                    Some((EntityKind::Actor, i, _)) => self.actors.get(*i).map_or(tr.target.name.clone(), |a| a.name.clone()),
                    _ => tr.target.name.clone(),
                };
                if let Some(prev) = track_seen.get(&name) {
                    let d = Diag::error(Code::E0104, tr.target.span, format!("a second track for `{name}`"))
                        .label("again here")
                        .with(*prev, "first track here")
                        .help("put all of its statements in one track; use `together { … }` or `during` for parallel motion");
                    self.err(d);
                    continue;
                }
                track_seen.insert(name, tr.target.span);
                match self.resolve(&tr.target, &[EntityKind::Actor, EntityKind::Camera, EntityKind::Prop]) {
                    Some((EntityKind::Prop, i)) => {
                        let archetype = self.prop_archetypes.get(i).cloned().unwrap_or_default();
                        self.current_prop = tr.target.name.clone();
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
        (actor_tracks, prop_tracks, camera_tracks)
    }
}
