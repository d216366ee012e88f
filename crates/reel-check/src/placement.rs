//! Placed cameras: `place (x, y, z) looking a` at a point in the world, and `from behind a`
//! on a side of a target as it faces when the shot starts. A place under the floor or
//! inside a prop is an error here, not a surprise at render time.

use super::*;

impl Checker<'_> {
    /// The shot of a `place` or `from` command (already bound), `aimed` its target if any.
    pub(crate) fn placement_shot(&mut self, verb: &str, c: &ast::Command, b: &Bound, aimed: Option<ir::Target>) -> Option<ir::Shot> {
        let over = if b.get("over").is_some() { Some(self.positive(b, "over", "a camera move's duration")? as f32) } else { None };
        let hold = if b.get("for").is_some() { Some(self.positive(b, "for", "a shot's duration")? as f32) } else { None };
        if let (Some(o), Some(h)) = (over, hold) {
            if o > h {
                let d = Diag::error(Code::E0208, b.span("over").unwrap_or(c.span), format!("the camera moves for {o}s but stays only {h}s"))
                    .label("longer than the shot")
                    .help("`for` is the whole shot, the move included: make it at least as long as `over`");
                self.err(d);
                return None;
            }
        }
        let (eye, look, toward_m) = if verb == "place" {
            let v = b.vec("position")?;
            let position_m = [v[0] as f32, v[1] as f32, v[2] as f32];
            self.clear_place(position_m, b.span("position").unwrap_or(c.span))?;
            let look = match b.get("looking") {
                Some((got, _)) => Some(self.subject(got)?),
                _ => None,
            };
            let toward = b.vec("toward").map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]);
            if look.is_some() && toward.is_some() {
                let d = Diag::error(Code::E0205, b.span("toward").unwrap_or(c.span), "the camera is told to look at a target and at a point")
                    .label("a second aim")
                    .help("give `looking NAME` or `toward (x, y, z)`, not both");
                self.err(d);
                return None;
            }
            (ir::Placement::World { position_m }, look, toward)
        } else {
            let target = aimed?;
            let bearing_rad = b.word("side").and_then(side_bearing)?;
            let distance_m = b.num("distance")? as f32;
            let height_m = b.num("height")? as f32;
            if !(0.1..=1000.0).contains(&distance_m) {
                self.err(
                    Diag::error(Code::E0208, b.span("distance").unwrap_or(c.span), "a camera's distance must be between 10cm and 1km").label("out of range"),
                );
                return None;
            }
            if height_m <= 0.0 {
                let d = Diag::error(Code::E0208, b.span("height").unwrap_or(c.span), "the camera would be at or under the floor")
                    .label("not above the feet")
                    .help("`height` is above the target's feet: give more than 0m");
                self.err(d);
                return None;
            }
            (ir::Placement::Beside { target: target.clone(), bearing_rad, distance_m, height_m }, Some(target), None)
        };
        let lag_secs = match b.num("lag") {
            Some(v) if (0.0..=5.0).contains(&v) => v as f32,
            Some(_) => {
                self.err(Diag::error(Code::E0208, b.span("lag").unwrap_or(c.span), "a camera's lag must be from 0s (rigid) to 5s").label("out of range"));
                return None;
            }
            None => 0.0,
        };
        Some(ir::Shot::Place { eye, look, toward_m, move_secs: over, hold_secs: hold, ease: ease_of(b), lag_secs })
    }

    /// Where the camera is after `shot` (known after a `place` at a point); a `place … over`
    /// from a known place whose straight path passes through a prop is an E0208.
    pub(crate) fn place_path(&mut self, from: Option<[f32; 3]>, shot: &ir::Shot, span: Span) -> Option<[f32; 3]> {
        let ir::Shot::Place { eye: ir::Placement::World { position_m: to }, move_secs, .. } = shot else { return None };
        if let (Some(from), Some(_)) = (from, move_secs) {
            if let Some(p) = self.props.iter().find(|p| {
                let (lo, hi) = prop_bounds(p);
                ir::segment_meets_box(from, *to, lo, hi)
            }) {
                let d = Diag::error(Code::E0208, span, format!("the camera's path passes through `{}`", p.name))
                    .label("through a prop")
                    .help("move it in two steps round the prop, or cut to the new place (no `over`)");
                self.err(d);
            }
        }
        Some(*to)
    }

    /// A camera's place must be above the floor and outside every prop declared so far.
    fn clear_place(&mut self, at: [f32; 3], span: Span) -> Option<()> {
        if at[1] <= 0.0 {
            let d = Diag::error(Code::E0208, span, format!("the camera would be {} the floor", if at[1] < 0.0 { "under" } else { "on" }))
                .label("not above the floor")
                .help("the second number is the height: give more than 0m (1.6m is eye level)");
            self.err(d);
            return None;
        }
        for p in &self.props {
            let (lo, hi) = prop_bounds(p);
            if (0..3).all(|i| at[i] > lo[i] && at[i] < hi[i]) {
                let d = Diag::error(Code::E0208, span, format!("the camera would be inside `{}`", p.name))
                    .label("inside a prop")
                    .help(format!("`{}` spans ({:.2}m, {:.2}m, {:.2}m) to ({:.2}m, {:.2}m, {:.2}m)", p.name, lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]));
                self.err(d);
                return None;
            }
        }
        Some(())
    }
}
