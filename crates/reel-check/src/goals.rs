//! Motions with goals, bound: paths (to a point or a thing, through points, around a
//! centre) and their pace, launches and kicks, and the chase, watch and crouch motions.

use super::*;

impl Checker<'_> {
    /// A walk, run or sprint: to a point (on a prop's top with `on`), through points, or
    /// around a point or a thing; over a duration or at a speed.
    pub(crate) fn locomotion_motion(&mut self, spec: &MotionSpec, c: &ast::Command, b: &Bound) -> Option<ir::Motion> {
        let gait = match spec.name {
            "walk" => ir::Gait::Walk,
            "run" => ir::Gait::Run,
            _ => ir::Gait::Sprint,
        };
        let (duration, speed) = self.pace(c, b)?;
        let mut via: Vec<[f32; 2]> = match b.get("through") {
            Some((Got::Points(ps), _)) => ps.iter().map(|p| [p[0] as f32, p[1] as f32]).collect(),
            _ => Vec::new(),
        };
        let around = self.around(c, b)?;
        let (to, approach) = match b.get("to") {
            Some((Got::Vec(v), _)) => (Some([v[0] as f32, v[1] as f32]), None),
            Some((Got::Name(path), _)) => {
                let thing = self.place_of(&path[0])?;
                let distance = b.num("distance").unwrap_or_default();
                if !(0.0..=100.0).contains(&distance) {
                    self.err(Diag::error(Code::E0208, b.span("distance").unwrap_or(c.span), "a distance must be between 0m and 100m").label("out of range"));
                    return None;
                }
                (Some([0.0; 2]), Some(ir::Approach { thing, distance_m: distance as f32, formation_m: [0.0; 2] }))
            }
            _ => (None, None),
        };
        if approach.is_some() && (!via.is_empty() || b.get("on").is_some()) {
            self.err(
                Diag::error(Code::E0205, c.span, "a walk `to` a thing goes straight to it")
                    .label("`through` or `on` as well")
                    .help("walk `through` the points first, then `to` the thing, in two statements"),
            );
            return None;
        }
        let target = match (to, via.pop(), &around) {
            (Some(t), last, None) => {
                via.extend(last);
                t
            }
            (None, Some(last), None) => last,
            (None, None, Some(_)) => [0.0; 2],
            (_, _, Some(_)) => {
                self.err(
                    Diag::error(Code::E0205, c.span, format!("a `{}` goes `to` a point, `through` points or `around` something, not both", spec.name))
                        .label("two paths")
                        .help("walk `around` first, then `to` where it should end, in two statements"),
                );
                return None;
            }
            (None, None, None) => {
                self.err(
                    Diag::error(Code::E0204, c.span, format!("where does this `{}` go?", spec.name))
                        .label("no destination")
                        .help("add `to (x, z)`, `through ((x, z), …)` or `around THING`"),
                );
                return None;
            }
        };
        let mut target = target;
        if let Some((Got::Name(path), _)) = b.get("on") {
            let (_, pi) = self.resolve(&path[0], &[EntityKind::Prop])?;
            let (px, pz) = (self.props[pi].position_m[0], self.props[pi].position_m[2]);
            target = [target[0] + px, target[1] + pz];
            via.iter_mut().for_each(|p| *p = [p[0] + px, p[1] + pz]);
        }
        if via.iter().chain([&target]).any(|p| p.iter().any(|x| x.abs() > 1000.0)) {
            self.err(Diag::error(Code::E0208, c.span, "a path's points must be within 1km of the origin").label("out of range"));
            return None;
        }
        Some(ir::Motion::Locomotion { gait, target_m: target, duration_secs: duration, via_m: via, around, speed_mps: speed, approach })
    }

    /// `launch`: a whole velocity, or a speed toward a heading, a point or a thing.
    pub(crate) fn launch_of(&mut self, c: &ast::Command, b: &Bound, archetype: &str) -> Option<ir::Launch> {
        let moves = self.names.get(&self.current_prop).and_then(|n| self.props.get(n.1)).is_some_and(|p| is_dynamic(&p.kind));
        if !moves {
            self.err(
                Diag::error(Code::E0107, c.verb.span, format!("a `{archetype}` does not move, so it cannot be launched"))
                    .label("a fixed prop")
                    .help("launch a ball, box, domino or cup"),
            );
            return None;
        }
        let up = b.num("up").unwrap_or(0.0) as f32;
        if !(-1.5708..=1.5708).contains(&up) {
            self.err(Diag::error(Code::E0208, b.span("up").unwrap_or(c.span), "`up` must be between -90deg and 90deg").label("out of range"));
            return None;
        }
        let mut l = ir::Launch { velocity_mps: None, speed_mps: 0.0, heading_rad: None, toward: None, up_rad: up };
        match (b.vec("velocity"), b.num("speed")) {
            (Some(v), None) if v.iter().all(|x| x.abs() <= 1000.0) => l.velocity_mps = Some([v[0] as f32, v[1] as f32, v[2] as f32]),
            (None, Some(s)) if (0.0..=1000.0).contains(&s) => l.speed_mps = s as f32,
            (Some(_), Some(_)) => {
                self.err(
                    Diag::error(Code::E0205, c.span, "`velocity` and `speed` both say how fast")
                        .label("given twice")
                        .help("give a `velocity (x, y, z)`, or a `speed` with `toward`"),
                );
                return None;
            }
            (None, None) => {
                self.err(
                    Diag::error(Code::E0204, c.span, "how fast is it launched?")
                        .label("no speed")
                        .help("add `speed 1 m/s toward +x`, or `velocity (1 m/s, 0 m/s, 0 m/s)`"),
                );
                return None;
            }
            _ => {
                self.err(Diag::error(Code::E0208, c.span, "a launch is at most 1000 m/s").label("out of range"));
                return None;
            }
        }
        match b.get("toward") {
            Some((Got::Axis(neg, axis), span)) => l.heading_rad = Some(self.yaw_of(*neg, *axis, *span)),
            Some((Got::Num(a), _)) => l.heading_rad = Some(*a as f32),
            Some((Got::Vec(v), _)) => l.toward = Some(ir::Place::Point([v[0] as f32, v[1] as f32])),
            Some((Got::Name(path), _)) => l.toward = Some(self.place_of(&path[0])?),
            _ if l.velocity_mps.is_none() => {
                self.err(
                    Diag::error(Code::E0204, c.span, "toward where?")
                        .label("a speed with no direction")
                        .help("add `toward +x`, `toward 30deg`, `toward (2m, 0m)` or `toward THING`"),
                );
                return None;
            }
            _ => {}
        }
        Some(l)
    }

    /// How a kick sends a ball off: at `speed`, toward a heading, a point or a thing (or
    /// straight ahead), raised `up`.
    pub(crate) fn kick_launch(&mut self, c: &ast::Command, b: &Bound) -> Option<ir::Launch> {
        let speed = b.num("speed").unwrap_or_default();
        let up = b.num("up").unwrap_or_default();
        if !(0.0..=60.0).contains(&speed) || !(-0.2..=1.4).contains(&up) {
            let span = b.span(if (0.0..=60.0).contains(&speed) { "up" } else { "speed" }).unwrap_or(c.span);
            self.err(Diag::error(Code::E0208, span, "a kick sends a ball at most 60 m/s, up to 80deg above the floor").label("out of range"));
            return None;
        }
        let mut l = ir::Launch { velocity_mps: None, speed_mps: speed as f32, heading_rad: None, toward: None, up_rad: up as f32 };
        match b.get("toward") {
            Some((Got::Axis(neg, axis), span)) => l.heading_rad = Some(self.yaw_of(*neg, *axis, *span)),
            Some((Got::Num(a), _)) => l.heading_rad = Some(*a as f32),
            Some((Got::Vec(v), _)) => l.toward = Some(ir::Place::Point([v[0] as f32, v[1] as f32])),
            Some((Got::Name(path), _)) => l.toward = Some(self.place_of(&path[0])?),
            _ => {}
        }
        Some(l)
    }

    /// A prop or an actor as a place on the floor.
    pub(crate) fn place_of(&mut self, name: &Ident) -> Option<ir::Place> {
        Some(match self.resolve(name, &[EntityKind::Prop, EntityKind::Actor])? {
            (EntityKind::Actor, i) => ir::Place::Actor(i),
            (_, i) => ir::Place::Prop(i),
        })
    }

    /// A locomotion's pace: `over` a duration or at a `speed` (one of them).
    fn pace(&mut self, c: &ast::Command, b: &Bound) -> Option<(f32, Option<f32>)> {
        match (b.get("over").is_some(), b.num("speed")) {
            (true, None) => Some((self.positive(b, "over", "a move's duration")? as f32, None)),
            (false, Some(v)) if (0.05..=12.0).contains(&v) => Some((0.0, Some(v as f32))),
            (false, Some(_)) => {
                let span = b.span("speed").unwrap_or(c.span);
                self.err(Diag::error(Code::E0208, span, "a walking or running speed must be between 0.05 and 12 m/s").label("out of range"));
                None
            }
            (true, Some(_)) => {
                let span = b.span("speed").unwrap_or(c.span);
                self.err(Diag::error(Code::E0205, span, "`over` and `speed` both set the pace").label("paced twice").help("give a duration or a speed"));
                None
            }
            (false, None) => {
                self.err(
                    Diag::error(Code::E0204, c.span, format!("`{}` needs `over` a duration or a `speed`", c.verb.name))
                        .label("how fast?")
                        .help("add `over 3s`, or `speed 1.4 m/s`"),
                );
                None
            }
        }
    }

    /// `around PLACE [radius R] [by A] [turning left|right]`: `Some(None)` without `around`.
    fn around(&mut self, c: &ast::Command, b: &Bound) -> Option<Option<ir::Around>> {
        let Some((got, span)) = b.get("around") else {
            if let Some(s) = b.span("radius") {
                self.err(
                    Diag::error(Code::E0204, s, "a `radius` is for walking `around` something")
                        .label("around what?")
                        .help("add `around (x, z)` or `around THING`"),
                );
                return None;
            }
            return Some(None);
        };
        let span = *span;
        let center = match got {
            Got::Vec(v) => ir::Place::Point([v[0] as f32, v[1] as f32]),
            Got::Name(path) => self.place_of(&path[0])?,
            _ => return None,
        };
        let radius = match b.num("radius") {
            Some(r) if r > 0.0 && r <= 1000.0 => Some(r as f32),
            Some(_) => {
                self.err(Diag::error(Code::E0208, b.span("radius").unwrap_or(span), "a radius must be more than 0m and at most 1km").label("out of range"));
                return None;
            }
            None => None,
        };
        let angle = b.num("by").unwrap_or(std::f64::consts::TAU);
        if !(angle > 0.0 && angle <= 100.0 * std::f64::consts::TAU) {
            self.err(Diag::error(Code::E0208, b.span("by").unwrap_or(c.span), "the angle walked round must be more than 0deg").label("out of range"));
            return None;
        }
        let sign = if b.word("turning") == Some("right") { -1.0 } else { 1.0 };
        Some(Some(ir::Around { center, radius_m: radius, angle_rad: (sign * angle) as f32 }))
    }

    /// `chase`, `watch`, `crouch` and `lie_down`: their targets and durations, checked.
    pub(crate) fn goal_motion(&mut self, verb: &str, c: &ast::Command, b: &Bound) -> Option<ir::Motion> {
        Some(match verb {
            "chase" => {
                let prop = self.prop_arg(b, "item", "something to chase: a ball, a dynamic box or a cup", is_dynamic)?;
                let speed = b.num("speed").unwrap_or_default();
                if !(0.1..=12.0).contains(&speed) {
                    self.err(
                        Diag::error(Code::E0208, b.span("speed").unwrap_or(c.span), "a chase's speed must be between 0.1 and 12 m/s").label("out of range"),
                    );
                    return None;
                }
                ir::Motion::Chase { prop, speed_mps: speed as f32, duration_secs: self.positive(b, "for", "a chase's duration")? as f32 }
            }
            "watch" => {
                let Some((Got::Name(path), _)) = b.get("target") else { return None };
                let target = self.place_of(&path[0])?;
                ir::Motion::Watch { target, duration_secs: self.positive(b, "for", "a watch's duration")? as f32 }
            }
            "crouch" => {
                let depth = b.num("depth").unwrap_or_default();
                if !(depth > 0.0 && depth <= 10.0) {
                    self.err(
                        Diag::error(Code::E0208, b.span("depth").unwrap_or(c.span), "a crouch's depth must be more than 0m and at most 10m")
                            .label("out of range"),
                    );
                    return None;
                }
                let hold = self.positive(b, "for", "a crouch's hold")? as f32;
                ir::Motion::Crouch { depth_m: depth as f32, hold_secs: hold, duration_secs: self.positive(b, "over", "a crouch's duration")? as f32 }
            }
            "bow" => {
                let angle = b.num("angle").unwrap_or_default();
                if !(angle >= 1f64.to_radians() && angle <= 65f64.to_radians()) {
                    self.err(
                        Diag::error(Code::E0208, b.span("angle").unwrap_or(c.span), "a bow bends from 1deg to 65deg")
                            .label("out of range")
                            .help("a deep bow is about 45deg; further, the figure would fold over its legs"),
                    );
                    return None;
                }
                let hold = self.positive(b, "for", "a bow's hold")? as f32;
                ir::Motion::Bow { angle_rad: angle as f32, hold_secs: hold, duration_secs: self.positive(b, "over", "a bow's duration")? as f32 }
            }
            "lie_down" => {
                let hold = if b.get("for").is_some() { Some(self.positive(b, "for", "lying down's duration")? as f32) } else { None };
                let roll_rad = match b.word("roll") {
                    Some(side) => {
                        let turns = b.num("turns").unwrap_or_default();
                        if !(turns >= 1.0 && turns <= 20.0 && turns.fract() == 0.0) {
                            self.err(
                                Diag::error(Code::E0208, b.span("turns").unwrap_or(c.span), "a roll's turns must be a whole number from 1 to 20")
                                    .label("not whole turns")
                                    .help("a roll ends on the back again: say `turns 1`, `turns 2`, …"),
                            );
                            return None;
                        }
                        Some((if side == "right" { -1.0 } else { 1.0 }) * (turns * std::f64::consts::TAU) as f32)
                    }
                    None => None,
                };
                ir::Motion::LieDown { hold_secs: hold, duration_secs: self.positive(b, "over", "lying down's duration")? as f32, roll_rad }
            }
            _ => return None,
        })
    }

    /// `balance left_leg|right_leg`, or `balance THING`: a held thing kept upright on the palm.
    pub(crate) fn balance_motion(&mut self, c: &ast::Command, b: &Bound) -> Option<ir::Motion> {
        let side = if b.word("leg") == Some("right_leg") { ir::Side::Right } else { ir::Side::Left };
        let duration_secs = self.positive(b, "for", "a balance's duration")? as f32;
        Some(match b.get("item") {
            Some(_) => {
                if let Some(leg) = b.span("leg").filter(|s| *s != c.span) {
                    self.err(
                        Diag::error(Code::E0204, leg, "a figure balances on one leg or balances a thing on its palm, not both here")
                            .label("a leg and a thing")
                            .help("write `balance stick for 3s`, and `balance left_leg` as an item of its own"),
                    );
                    return None;
                }
                let prop = self.prop_arg(b, "item", "something to balance: a stick, a pin, a box or a cup", is_dynamic)?;
                ir::Motion::BalanceOnPalm { prop, duration_secs }
            }
            None => ir::Motion::Balance { side, duration_secs },
        })
    }
}
