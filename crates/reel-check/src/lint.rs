//! Warnings for what is legal but likely wrong (unused names, props that start inside
//! others, tracks past the end) and the wait graph's cycle check.

use super::*;

impl Checker<'_> {
    /// W0006: a moving prop (ball, box, domino, cup) that starts inside another prop or the
    /// floor. The simulation moves it out before the story starts (without speed), so it is
    /// not where it is written; touching (resting on a top) is fine.
    pub(crate) fn lint_overlaps(&mut self) {
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
                    Diag::warning(Code::W0006, span_of(&self.names, a), format!("`{}` starts {:.0} cm into the floor", a.name, -boxes[i].0[1] * 100.0))
                        .label("starts inside the floor"),
                );
            }
            for (j, b) in self.props.iter().enumerate() {
                // Each pair once; a moving prop against a fixed one, or two moving ones.
                if i == j || (moving(b) && j < i) {
                    continue;
                }
                // Emitted members appear at their own times (the emitter keeps those close
                // in time apart); a bin's inside is empty (its bounds are not its walls).
                if (a.appears_secs.is_some() && b.appears_secs.is_some()) || matches!(b.kind, ir::PropKind::Bin { .. }) {
                    continue;
                }
                let depth = match tilted_depth(b, boxes[i]) {
                    Some(d) => d,
                    None => (0..3).map(|k| boxes[i].1[k].min(boxes[j].1[k]) - boxes[i].0[k].max(boxes[j].0[k])).fold(f32::INFINITY, f32::min),
                };
                if depth > DEPTH_M {
                    found.push(
                        Diag::warning(Code::W0006, span_of(&self.names, a), format!("`{}` starts inside `{}`", a.name, b.name))
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
    pub(crate) fn lint_unused(&mut self, actor_tracks: &[ir::ActorTrack], camera_tracks: &[ir::CameraTrack], timelines: &[&ast::Timeline]) {
        let names: Vec<(String, EntityKind, usize, Span)> = self.names.iter().map(|(n, (k, i, s))| (n.clone(), *k, *i, *s)).collect();
        for (name, kind, i, span) in names {
            // A group's members are reported once, as the group.
            if name.contains('[') {
                continue;
            }
            let unused = match kind {
                EntityKind::Actor => !actor_tracks.iter().any(|t| t.actor == i) && !self.filmed.contains(&i),
                EntityKind::Camera => !camera_tracks.iter().any(|t| t.camera == i),
                EntityKind::Prop | EntityKind::Light => false,
            };
            if unused {
                let what = kind.name();
                self.err(
                    Diag::warning(Code::W0001, span, format!("the {what} `{name}` is never used"))
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
                    let d = Diag::warning(Code::W0004, *span, format!("the camera `{name}` never looks at anything"))
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
                Diag::warning(Code::W0002, span, "no camera track: nothing says how to film this")
                    .label("no camera in this timeline")
                    .help("declare `camera cam { lens 35mm }` and give it a track, e.g. `cam { follow ACTOR }`"),
            );
        }
    }

    /// E0304 for two motions in `group` (statement span, parts) that drive the same part.
    pub(crate) fn check_overlaps(&mut self, group: &[(Span, Vec<&'static str>)], when: &str) {
        for j in 1..group.len() {
            for i in 0..j {
                if let Some(part) = group[j].1.iter().find(|p| group[i].1.contains(p)) {
                    self.err(
                        Diag::error(Code::E0304, group[j].0, format!("two motions drive the {} at once, {when}", part.replace('_', " ")))
                            .label(format!("this drives the {}", part.replace('_', " ")))
                            .with(group[i].0, "and so does this")
                            .help("one motion per body part at a time: run them one after the other, or use the other arm"),
                    );
                    return;
                }
            }
        }
    }

    pub(crate) fn warn_past_end(&mut self, elapsed: f64, span: Span, warned: &mut bool) {
        if let Some(d) = self.duration_secs {
            if elapsed > d + 1e-9 && !*warned {
                *warned = true;
                self.err(
                    Diag::warning(Code::W0003, span, format!("this ends about {elapsed:.2}s into the story, after the video's {d}s"))
                        .label("cut short by the end of the video")
                        .help("lengthen `duration` in the `scene` block, or shorten the track"),
                );
            }
        }
    }

    /// E0303: tracks (or one track) that wait on each other's events in a loop.
    pub(crate) fn check_cycles(&mut self) {
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
                            let mut d = Diag::error(Code::E0303, self.waits[first].span, "these statements wait on each other: none of them can ever start")
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
}

/// How deep a thing (its bounds, taken as a ball of its smallest half extent) is inside a
/// tilted block, in the block's own frame; `None` when the block is not tilted (its bounds
/// are then exact).
fn tilted_depth(block: &ir::Prop, other: ([f32; 3], [f32; 3])) -> Option<f32> {
    let ir::PropKind::Block { size_m: s, tilt_rad, yaw_rad, .. } = block.kind else { return None };
    if tilt_rad == 0.0 {
        return None;
    }
    let centre: [f32; 3] = std::array::from_fn(|k| (other.0[k] + other.1[k]) / 2.0);
    let r = (0..3).map(|k| (other.1[k] - other.0[k]) / 2.0).fold(f32::INFINITY, f32::min);
    let [bx, by, bz] = block.position_m;
    let d = [centre[0] - bx, centre[1] - (by + s[1] / 2.0), centre[2] - bz];
    // Undo the turn about +y, then the tilt about z.
    let (ys, yc) = yaw_rad.sin_cos();
    let (x, z) = (yc * d[0] - ys * d[2], ys * d[0] + yc * d[2]);
    let (ts, tc) = tilt_rad.sin_cos();
    let local = [tc * x + ts * d[1], -ts * x + tc * d[1], z];
    Some((0..3).map(|k| s[k] / 2.0 + r - local[k].abs()).fold(f32::INFINITY, f32::min))
}
