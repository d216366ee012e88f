//! Camera tracks: shots, moves, cuts, slow motion and freezes.

use super::*;

impl Checker<'_> {
    pub(crate) fn camera_track(&mut self, stmts: &[ast::Stmt]) -> Vec<ir::CameraItem> {
        let mut items = Vec::new();
        // The camera's height where the text says it (after a `place`), for moves that
        // would take it under the floor; unknown after shots that place it by their subject.
        let mut eye_y: Option<f32> = None;
        // Where the camera is, where the text says it (after a `place` at a point).
        let mut eye_at: Option<[f32; 3]> = None;
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
                StmtKind::Together(body) => self.camera_together(body).map(ir::CameraAction::Shot),
                _ => {
                    self.err(
                        Diag::error(Code::E0001, body.span, "`at` and `after` take one statement, not another `at`, `after` or `during`")
                            .label("nested timing"),
                    );
                    None
                }
            };
            if let (Some(start), Some(action)) = (start, action) {
                if let ir::CameraAction::Shot(shot) = &action {
                    eye_y = self.height_after(eye_y, shot, body.span);
                    eye_at = self.place_path(eye_at, shot, body.span);
                }
                items.push(ir::CameraItem { start, action });
            }
        }
        items
    }

    /// The camera's height after `shot`, from `before` where known; an E0208 when a crane
    /// or pedestal takes it to or under the floor.
    fn height_after(&mut self, before: Option<f32>, shot: &ir::Shot, span: Span) -> Option<f32> {
        let moves: Vec<&ir::Shot> = match shot {
            ir::Shot::Place { eye: ir::Placement::World { position_m }, .. } => return Some(position_m[1]),
            ir::Shot::Together(shots) if matches!(shots.first(), Some(ir::Shot::Place { eye: ir::Placement::World { .. }, .. })) => {
                let y = self.height_after(before, &shots[0], span);
                return shots[1..].iter().try_fold(y?, |y, m| self.height_after(Some(y), m, span));
            }
            ir::Shot::Together(shots) => shots.iter().collect(),
            ir::Shot::Move { .. } => vec![shot],
            _ => return None,
        };
        let mut y = before?;
        for m in moves {
            match m {
                ir::Shot::Move { kind: ir::MoveKind::Crane { m } | ir::MoveKind::Pedestal { m }, .. } => y += m,
                ir::Shot::Move { .. } => {}
                _ => return None,
            }
        }
        if y <= 0.0 {
            let d = Diag::error(Code::E0208, span, format!("this move takes the camera {:.2}m under the floor", -y))
                .label("under the floor")
                .help("the camera was placed at a known height before it: move it down by less");
            self.err(d);
            return None;
        }
        Some(y)
    }

    /// `together { … }` in a camera track: moves that run at once, over at most one shot
    /// that places the camera (which goes first).
    pub(crate) fn camera_together(&mut self, body: &[ast::Stmt]) -> Option<ir::Shot> {
        let mut base: Option<(ir::Shot, Span)> = None;
        let mut moves = Vec::new();
        for s in body {
            let StmtKind::Command(c) = &s.kind else {
                self.err(
                    Diag::error(Code::E0001, s.span, "a camera's `together` holds moves and shots, not timing or nested blocks")
                        .label("not a move")
                        .help("put `at`, `after` and `freeze` outside the `together`"),
                );
                return None;
            };
            let shot = self.shot(c)?;
            if matches!(shot, ir::Shot::Move { .. }) {
                moves.push(shot);
                continue;
            }
            if let Some((_, first)) = &base {
                let d = Diag::error(Code::E0304, c.span, "a camera can take one place at a time: two shots in one `together`")
                    .label("a second shot")
                    .with(*first, "the first")
                    .help("together, one shot (a framing, follow, orbit, place…) can run with moves: crane, tilt, pan, dolly, zoom, roll, rack");
                self.err(d);
                return None;
            }
            base = Some((shot, c.span));
        }
        Some(ir::Shot::Together(base.map(|b| b.0).into_iter().chain(moves).collect()))
    }

    /// `follow TARGET [over D] { distance, height, side, lag }`: the block's properties,
    /// with their declared defaults (`lag`) also when there is no block.
    fn follow_shot(&mut self, c: &ast::Command, b: &Bound, spec: &MotionSpec, target: ir::Target, over: Option<f32>) -> ir::Shot {
        let mut distance = None;
        let height;
        let side;
        let mut lag = 0.0;
        let turning;
        // The block's properties, with their declared defaults (`lag`) also when
        // there is no block.
        let blk = match b.get("settings") {
            Some((Got::Block(blk), _)) => Some(*blk),
            _ => None,
        };
        {
            let fp = self.props(blk, "`follow`", &spec.block);
            if let Some(db) = fp.get("distance") {
                distance = match db.get("distance") {
                    Some((Got::Range(a, z), _)) => Some([*a as f32, *z as f32]),
                    Some((Got::Num(a), _)) => Some([*a as f32, *a as f32]),
                    _ => None,
                };
                if distance.is_some_and(|d| d[0] <= 0.0 || d[1] <= 0.0 || d[0] > 1000.0 || d[1] > 1000.0) {
                    self.err(
                        Diag::error(Code::E0208, db.span("distance").unwrap_or_default(), "a follow distance must be more than 0m and at most 1km")
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
                            Code::W0005,
                            hb.span("height").unwrap_or(c.span),
                            format!("a camera {:.2}m below its target's feet is under the floor, or inside what the target stands on", -h),
                        )
                        .label("below the feet")
                        .help("the camera will be pushed up out of it when rendered; give a height of 0m or more"),
                    );
                }
            }
            side = fp.get("side").and_then(|sb| sb.word("side")).and_then(side_bearing);
            turning = fp.get("side").and_then(|sb| sb.word("heading")) == Some("turning");
            if let Some(lb) = fp.get("lag") {
                match lb.num("time") {
                    Some(v) if (0.0..=5.0).contains(&v) => lag = v as f32,
                    _ => self.err(
                        Diag::error(Code::E0208, lb.span("time").unwrap_or_default(), "a follow's lag must be from 0s (rigid) to 5s").label("out of range"),
                    ),
                }
            }
        }
        ir::Shot::Follow {
            target,
            duration_secs: over,
            distance_m: distance,
            height_m: height,
            ease: ease_of(b),
            side_rad: side,
            lag_secs: lag,
            turning,
            level: false,
        }
    }

    pub(crate) fn cut(&mut self, c: &ast::Command) -> Option<ir::CameraAction> {
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

    pub(crate) fn slowmo(&mut self, c: &ast::Command) -> Option<ir::CameraAction> {
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
                Diag::error(Code::E0208, b.span("rate").unwrap_or_default(), format!("a speed factor of {z}x is outside 0.01x to 100x"))
                    .label("out of range")
                    .help("a ramp runs between two factors from 0.01x to 100x"),
            );
            return None;
        }
        if !(0.01..=100.0).contains(&rate) {
            self.err(
                Diag::error(Code::E0208, b.span("rate").unwrap_or_default(), format!("a speed factor of {rate}x is outside 0.01x to 100x"))
                    .label("out of range")
                    .help("0.25x plays four times slower; 2x twice as fast"),
            );
            return None;
        }
        // A ramp plays at the mean of its two factors.
        let mean = rate_to.map_or(rate, |z| (rate + z) / 2.0);
        // `over` sizes the stretch in story time, `for` in screen time: exactly one of them.
        let over = match (b.get("over").is_some(), b.get("for").is_some()) {
            (true, false) => self.positive(&b, "over", "a slow-motion stretch")?,
            (false, true) => self.positive(&b, "for", "a slow-motion stretch")? * mean,
            (both, _) => {
                let (code, span, label) =
                    if both { (Code::E0205, b.span("for").unwrap_or(c.span), "a second length") } else { (Code::E0204, c.span, "how long?") };
                let d = Diag::error(code, span, "a slow-motion stretch takes one length: `over` (story time) or `for` (screen time)")
                    .label(label)
                    .help("`slowmo 0.25x over 1s` plays 1 s of the story in 4 s; `slowmo 0.25x for 1s` plays 1 s of video");
                self.err(d);
                return None;
            }
        };
        if over / mean > MAX_DURATION_SECS {
            self.err(
                Diag::error(Code::E0208, c.span, format!("this stretch lasts {:.0}s on screen, more than {MAX_DURATION_SECS}s", over / mean)).label("too long"),
            );
            return None;
        }
        Some(ir::CameraAction::Slowmo { rate: rate as f32, rate_to: rate_to.map(|z| z as f32), story_secs: over as f32 })
    }

    pub(crate) fn freeze(&mut self, duration: &ast::Value, body: &[ast::Stmt]) -> Option<ir::CameraAction> {
        let d = match units::quantity(duration, units::Dim::Duration) {
            Ok(d) if d > 0.0 && d <= MAX_DURATION_SECS => Some(d),
            Ok(_) => {
                self.err(
                    Diag::error(Code::E0208, duration.span, format!("a freeze must last more than 0 and at most {MAX_DURATION_SECS}s"))
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
                        Diag::error(Code::E0301, c.verb.span, format!("`{}` moves an actor, but story time stands still during a freeze", c.verb.name))
                            .label("actor motion inside `freeze`")
                            .help("only camera moves may run inside `freeze`; put the motion before or after it"),
                    );
                }
                StmtKind::Command(c) => shots.extend(self.shot(c)),
                _ => self.err(
                    Diag::error(Code::E0001, s.span, "inside `freeze`, write camera moves one after another")
                        .label("timing inside a freeze")
                        .help("a freeze's moves run in sequence within it"),
                ),
            }
        }
        Some(ir::CameraAction::Freeze { duration_secs: d? as f32, shots })
    }

    /// What a camera films: one thing, or several together (a group, made once per list).
    pub(crate) fn subject(&mut self, got: &Got) -> Option<ir::Target> {
        match got {
            Got::Name(path) => self.target(path),
            Got::Names(paths) => {
                // A group named in a list films each of its members.
                let mut members = Vec::new();
                for p in paths.iter() {
                    match self.group_members(p) {
                        Some(ms) => members.extend(ms),
                        None => members.push(self.target(p)?),
                    }
                }
                Some(self.group(members))
            }
            _ => None,
        }
    }

    /// A declared group's members as camera targets (`None` when `path` is not a group).
    fn group_members(&mut self, path: &[Ident]) -> Option<Vec<ir::Target>> {
        let g = self.groups_by_name.get(&path.first()?.name)?.clone();
        if let Some(p) = path.get(1) {
            self.err(
                Diag::error(Code::E0108, p.span, format!("`{}` is a group; film it whole or one member's part", path[0].name))
                    .label("a group has no parts")
                    .help(format!("`{0}` films them all; `{0}[1].{1}` one member's", path[0].name, p.name)),
            );
        }
        Some(
            g.members
                .iter()
                .map(|&i| match g.kind {
                    EntityKind::Actor => {
                        self.filmed.insert(i);
                        ir::Target { entity: ir::Entity::Actor(i), part: None }
                    }
                    _ => ir::Target { entity: ir::Entity::Prop(i), part: None },
                })
                .collect(),
        )
    }

    /// The group of these members (made once per list of members).
    pub(crate) fn group(&mut self, members: Vec<ir::Target>) -> ir::Target {
        let index = match self.groups.iter().position(|g| *g == members) {
            Some(i) => i,
            None => {
                self.groups.push(members);
                self.groups.len() - 1
            }
        };
        ir::Target { entity: ir::Entity::Group(index), part: None }
    }

    pub(crate) fn target(&mut self, path: &[Ident]) -> Option<ir::Target> {
        // `action`, unless something is declared by that name: whatever moves now.
        if path.len() == 1 && path[0].name == "action" && !self.names.contains_key("action") {
            return Some(ir::Target { entity: ir::Entity::Action, part: None });
        }
        if let Some(mut members) = self.group_members(path) {
            return if members.len() == 1 { members.pop() } else { Some(self.group(members)) };
        }
        let (kind, index) = self.resolve(&path[0], &[EntityKind::Actor, EntityKind::Prop])?;
        if kind == EntityKind::Prop {
            if let Some(p) = path.get(1) {
                self.err(
                    Diag::error(Code::E0108, p.span, format!("a prop has no parts; `{}` is not a part", p.name))
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
                    let mut d = Diag::error(Code::E0108, p.span, format!("a humanoid has no part `{}`", p.name)).label("unknown part");
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
            self.err(Diag::error(Code::E0108, path[2].span.join(path.last().unwrap().span), "a target is `actor` or `actor.part`").label("too many parts"));
            return None;
        }
        Some(ir::Target { entity: ir::Entity::Actor(actor), part })
    }

    /// The relative camera moves: `Some(kind)` for a move (`Some(None)` when its values are
    /// out of range), `None` for the other camera verbs.
    pub(crate) fn camera_move(&mut self, verb: &str, b: &Bound) -> Option<Option<ir::MoveKind>> {
        let sign = |w: Option<&str>| if matches!(w, Some("out" | "left" | "down")) { -1.0 } else { 1.0 };
        let dir = b.word("direction");
        let metres = |c: &mut Checker| {
            let d = b.num("distance")?;
            if !(0.0..=1000.0).contains(&d) {
                c.err(Diag::error(Code::E0208, b.span("distance").unwrap_or_default(), "a move must be between 0m and 1km").label("out of range"));
                return None;
            }
            Some((sign(dir) * d) as f32)
        };
        let lens = |c: &mut Checker| {
            let f_mm = b.num("lens")? * 1000.0;
            if !(8.0..=800.0).contains(&f_mm) {
                c.err(Diag::error(Code::E0208, b.span("lens").unwrap_or_default(), "a lens must be between 8mm and 800mm").label("out of range"));
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
                        Diag::error(Code::E0208, b.span("aperture").unwrap_or_default(), "an aperture is an f-number from 0.7 to 64")
                            .label("out of range")
                            .help("f/1.4 blurs a lot, f/16 keeps almost everything sharp"),
                    );
                    None
                }
            },
            "handheld" => match b.num("amount") {
                Some(m) if (0.0..=1.0).contains(&m) => Some(ir::MoveKind::Handheld { m: m as f32 }),
                _ => {
                    self.err(
                        Diag::error(Code::E0208, b.span("amount").unwrap_or_default(), "a handheld shake must be between 0m and 1m").label("out of range"),
                    );
                    None
                }
            },
            _ => return None,
        })
    }

    pub(crate) fn shot(&mut self, c: &ast::Command) -> Option<ir::Shot> {
        if c.verb.name == "slowmo" || c.verb.name == "cut" {
            self.err(
                Diag::error(Code::E0001, c.span, format!("`{}` cannot run inside `freeze` or `during`", c.verb.name))
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
            if kind == ir::PairKind::TwoShot {
                // Its subject is the two together (the bake names it as the shot's subject).
                self.group(vec![target.clone(), other.clone()]);
            }
            return Some(ir::Shot::Pair { kind, target, other, hold_secs: hold });
        }
        // Shots and most moves aim at a target (`look` names it with `at`).
        let aimed = match b.get("target").or(b.get("at")) {
            Some((got, _)) => Some(self.subject(got)?),
            _ => None,
        };
        if matches!(spec.name, "place" | "from") {
            return self.placement_shot(spec.name, c, &b, aimed);
        }
        let over = if b.get("over").is_some() { Some(self.positive(&b, "over", "a camera move's duration")? as f32) } else { None };
        if let Some(kind) = self.camera_move(spec.name, &b) {
            let kind = kind?;
            let secs = match over {
                Some(d) => d,
                None => self.positive(&b, "for", "a camera move's duration").unwrap_or_default() as f32,
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
            "follow" => self.follow_shot(c, &b, spec, target, over),
            "track" => {
                let d = b.num("distance").unwrap_or_default() as f32;
                if !(d > 0.0 && d <= 1000.0) {
                    self.err(
                        Diag::error(Code::E0208, b.span("distance").unwrap_or(c.span), "a track distance must be more than 0m and at most 1km")
                            .label("out of range"),
                    );
                    return None;
                }
                let side = side_bearing(b.word("side").unwrap_or("left"));
                ir::Shot::Follow {
                    target,
                    duration_secs: over,
                    distance_m: Some([d, d]),
                    height_m: None,
                    ease: ease_of(&b),
                    side_rad: side,
                    lag_secs: 0.0,
                    turning: b.word("heading") == Some("turning"),
                    level: true,
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
