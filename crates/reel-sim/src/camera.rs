//! Cameras: shots and moves evaluated in screen time against where their targets are in
//! story time. Each move starts from where the previous one left the camera, so moves chain
//! without jumps.

use super::{target_point, CameraPose, Clock, Story};
use glam::Vec3;
use reel_ir::{self as ir, CameraAction, Shot, Start};

/// Seconds a blend from the previous camera takes at the start of a move.
const BLEND_SECS: f64 = 0.5;
/// How long an orbit lasts when nothing else says.
const ORBIT_DEFAULT_SECS: f64 = 2.0;

pub fn shot_secs(s: &Shot) -> Option<f64> {
    match s {
        Shot::Frame { hold_secs, .. } => Some(*hold_secs as f64),
        Shot::Follow { duration_secs, .. } => duration_secs.map(|d| d as f64),
        Shot::Orbit { duration_secs, .. } => Some(duration_secs.map_or(ORBIT_DEFAULT_SECS, |d| d as f64)),
        Shot::Move { duration_secs, .. } => Some(*duration_secs as f64),
        Shot::Pair { hold_secs, .. } => Some(*hold_secs as f64),
        Shot::Place { hold_secs, move_secs, .. } => hold_secs.or(*move_secs).map(|d| d as f64),
        // As long as the longest; open-ended if the shot that places the camera is.
        Shot::Together(shots) => shots.iter().map(shot_secs).try_fold(0.0f64, |m, d| d.map(|d| m.max(d))),
    }
}

pub fn action_secs(a: &CameraAction) -> Option<f64> {
    match a {
        CameraAction::Shot(s) => shot_secs(s),
        CameraAction::Freeze { duration_secs, .. } => Some(*duration_secs as f64),
        CameraAction::Slowmo { rate, rate_to, story_secs } => Some(super::clock::slowmo_screen_secs(*rate, *rate_to, *story_secs)),
        CameraAction::Cut { .. } => Some(0.0),
    }
}

#[derive(Debug, Clone, Copy)]
struct Rig {
    eye: Vec3,
    look: Vec3,
    /// Vertical field of view: the camera's lens until a zoom changes it.
    fov: f32,
    /// Turn about the view direction.
    roll: f32,
    /// Focus distance (0: a pinhole, no depth of field) and f-number.
    focus_m: f32,
    f_number: f32,
}

#[derive(Clone)]
struct Seg {
    start: f64,
    end: f64,
    shot: Shot,
    /// The first shot of the track: it starts where it is meant to, not from a default
    /// camera (no blend, a framing from its own side).
    first: bool,
    rig0: Rig,
    /// Target point at the segment's start.
    p0: Vec3,
    yaw0: f32,
    /// Turned this far round the target (radians) from where the shot would put the camera,
    /// for a clear view past the props (`sight`).
    bearing_off: f32,
}

pub struct Schedule {
    segs: Vec<Seg>,
    /// Width over height of the picture.
    aspect: f32,
    default_rig: Rig,
}

fn dir(b: f32) -> Vec3 {
    Vec3::new(b.cos(), 0.0, -b.sin())
}

fn smooth(x: f64) -> f32 {
    let x = x.clamp(0.0, 1.0);
    (x * x * (3.0 - 2.0 * x)) as f32
}

fn target_of(s: &Shot) -> Option<&ir::Target> {
    match s {
        Shot::Frame { target, .. } | Shot::Follow { target, .. } | Shot::Orbit { target, .. } | Shot::Pair { target, .. } => Some(target),
        Shot::Move { target, .. } => target.as_ref(),
        Shot::Place { look, .. } => look.as_ref(),
        Shot::Together(shots) => shots.iter().find_map(target_of),
    }
}

/// The edit: every camera's schedule, and which camera the video shows when.
pub struct Edit {
    schedules: Vec<(usize, Schedule)>,
    /// (screen time, camera index), sorted.
    cuts: Vec<(f64, usize)>,
}

pub fn edit(scene: &ir::Scene, story: &Story, clock: &Clock) -> Edit {
    let mut schedules = Vec::new();
    let mut cuts = Vec::new();
    for track in &scene.camera_tracks {
        schedules.push((track.camera, schedule(scene, Some(track), story, clock)));
        let mut cursor = 0.0;
        for item in &track.items {
            let Some(start) = clock.item_start(&item.start, cursor, story) else { continue };
            if let CameraAction::Cut { camera } = item.action {
                cuts.push((start, camera));
            }
            cursor = start + action_secs(&item.action).unwrap_or(0.0);
        }
    }
    if schedules.is_empty() {
        schedules.push((usize::MAX, schedule(scene, None, story, clock)));
    }
    cuts.sort_by(|a, b| a.0.total_cmp(&b.0));
    Edit { schedules, cuts }
}

impl Edit {
    /// Where the picture cuts, in screen time, with the camera cut to: a `cut to` another
    /// camera, or a camera `place`d at once while it is the one on screen.
    pub fn cuts_secs(&self, scene: &ir::Scene) -> Vec<(f64, String)> {
        let name = |c: usize| scene.cameras.get(c).map_or("the camera".to_string(), |c| c.name.clone());
        let mut out: Vec<(f64, String)> = self.cuts.iter().map(|(t, c)| (*t, name(*c))).collect();
        for (i, (cam, sched)) in self.schedules.iter().enumerate() {
            for seg in sched.segs.iter().filter(|s| !s.first && matches!(s.shot, Shot::Place { move_secs: None, .. })) {
                if self.active(seg.start) == i && !out.iter().any(|(t, _)| (t - seg.start).abs() < 1e-9) {
                    out.push((seg.start, name(*cam)));
                }
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        out
    }

    pub fn end_secs(&self) -> f64 {
        self.schedules.iter().map(|(_, s)| s.end_secs()).fold(0.0, f64::max)
    }
    /// The camera on screen at `t`: the last cut before it, else the first camera track's.
    pub fn active(&self, t: f64) -> usize {
        let cam = self.cuts.iter().rev().find(|(ct, _)| *ct <= t + 1e-9).map(|(_, c)| *c);
        cam.and_then(|c| self.schedules.iter().position(|(sc, _)| *sc == c)).unwrap_or(0)
    }
    pub fn eval(&self, t: f64, scene: &ir::Scene, story: &Story, clock: &Clock, notes: &mut Vec<String>) -> CameraPose {
        self.schedules[self.active(t)].1.eval(t, scene, story, clock, notes)
    }

    /// What the camera on screen at `t` aims at: its shot's subject, if it has one (a
    /// two-shot's is the two together).
    pub fn subject(&self, t: f64, scene: &ir::Scene) -> Option<ir::Target> {
        let sched = &self.schedules[self.active(t)].1;
        let seg = sched.seg_at(t)?;
        pair_group(scene, &seg.shot).or_else(|| target_of(&seg.shot).cloned())
    }
}

pub fn schedule(scene: &ir::Scene, track: Option<&ir::CameraTrack>, story: &Story, clock: &Clock) -> Schedule {
    let fov = track.map(|t| scene.cameras[t.camera].fov_y_rad).unwrap_or(0.66);
    // With no camera: a wide view of the whole set from the front-left, above.
    let centre = scene.actors.first().map(|a| Vec3::from(a.position_m)).unwrap_or(Vec3::ZERO);
    let size = scene.actors.iter().map(|a| a.height_m).fold(1.0f32, f32::max) * 3.0;
    let default_rig = Rig { eye: centre + Vec3::new(-0.3, 0.6, 1.0) * size, look: centre, fov, roll: 0.0, focus_m: 0.0, f_number: 0.0 };
    let mut raw: Vec<(f64, f64, Shot)> = Vec::new();
    if let Some(track) = track {
        let mut cursor = 0.0f64;
        for item in &track.items {
            let Some(start) = clock.item_start(&item.start, cursor, story) else { continue };
            if matches!(item.start, Start::At(_)) {
                for r in raw.iter_mut() {
                    r.1 = r.1.min(start);
                }
            }
            match &item.action {
                CameraAction::Shot(s) => {
                    let end = shot_secs(s).map_or(f64::INFINITY, |d| start + d);
                    raw.push((start, end, s.clone()));
                }
                // The running move carries on through a slow-motion stretch and a cut.
                CameraAction::Slowmo { .. } | CameraAction::Cut { .. } => {}
                CameraAction::Freeze { duration_secs, shots } => {
                    let total = *duration_secs as f64;
                    let fixed: f64 = shots
                        .iter()
                        .filter_map(|s| match s {
                            Shot::Orbit { duration_secs: None, .. } | Shot::Follow { duration_secs: None, .. } => None,
                            s => shot_secs(s),
                        })
                        .sum();
                    let open = shots.iter().filter(|s| matches!(s, Shot::Orbit { duration_secs: None, .. } | Shot::Follow { duration_secs: None, .. })).count();
                    let share = if open > 0 { ((total - fixed) / open as f64).max(0.0) } else { 0.0 };
                    let mut t = start;
                    for s in shots {
                        let d = match s {
                            Shot::Orbit { duration_secs: None, .. } | Shot::Follow { duration_secs: None, .. } => share,
                            s => shot_secs(s).unwrap_or(share),
                        };
                        raw.push((t, t + d, s.clone()));
                        t += d;
                    }
                }
            }
            cursor = start + action_secs(&item.action).unwrap_or(0.0);
        }
    }
    // Open-ended moves run until the next one starts.
    for k in 0..raw.len() {
        if let Some(next) = raw.get(k + 1).map(|r| r.0) {
            if raw[k].1.is_infinite() {
                raw[k].1 = next;
            }
        }
    }
    let aspect = scene.resolution[0] as f32 / scene.resolution[1].max(1) as f32;
    let mut sched = Schedule { segs: Vec::new(), aspect, default_rig };
    for (start, end, shot) in raw {
        let rig0 = match sched.segs.last() {
            Some(_) => sched.eval_rig(start, scene, story, clock),
            None => default_rig,
        };
        let (p0, _, yaw0) = match target_of(&shot) {
            Some(tg) => target_point(scene, story, tg, clock.story_of(start)),
            None => (rig0.look, 1.0, 0.0),
        };
        let first = sched.segs.is_empty();
        let mut seg = Seg { start, end, shot, first, rig0, p0, yaw0, bearing_off: 0.0 };
        seg.bearing_off = sched.clear_bearing(&seg, scene, story, clock);
        sched.segs.push(seg);
    }
    sched
}

/// Turns round the subject tried, nearest first, when a shot's view is blocked.
const CLEAR_TRIES: [f32; 13] = [0.0, 0.35, -0.35, 0.7, -0.7, 1.05, -1.05, 1.4, -1.4, 2.1, -2.1, 2.8, -2.8];

impl Schedule {
    /// For a shot that places the camera itself (a framing, a follow, a two-shot), the
    /// smallest turn round its subject from which the subject is in clear view at the
    /// shot's start, middle and end; 0 when there is none (the bake notes what blocks it).
    fn clear_bearing(&self, seg: &Seg, scene: &ir::Scene, story: &Story, clock: &Clock) -> f32 {
        if !matches!(seg.shot, Shot::Frame { .. } | Shot::Follow { .. } | Shot::Pair { kind: ir::PairKind::TwoShot, .. }) || scene.props.is_empty() {
            return 0.0;
        }
        let Some(target) = target_of(&seg.shot) else { return 0.0 };
        let len = if seg.end.is_finite() { seg.end - seg.start } else { 2.0 };
        let times = [0.15, 0.5, 0.95].map(|k| seg.start + len * k);
        for off in CLEAR_TRIES {
            let trial = Seg { bearing_off: off, ..seg.clone() };
            let clear = times.iter().all(|&t| {
                let rig = self.shot_rig(&trial, &trial.shot, t, scene, story, clock);
                let (p, _, _) = target_point(scene, story, target, clock.story_of(t));
                super::sight::blocker(scene, rig.eye, p).is_none()
            });
            if clear {
                return off;
            }
        }
        0.0
    }
}

/// With a lag, where the target has been on average over the last `lag_secs` of story
/// time (triangular weights): a steady aim at a jerky target. `None` without a lag.
fn lagged_point(scene: &ir::Scene, story: &Story, target: &ir::Target, story_t: f64, lag_secs: f32) -> Option<Vec3> {
    if lag_secs <= 0.0 {
        return None;
    }
    let (mut sum, mut wsum) = (Vec3::ZERO, 0.0);
    for i in 0..8 {
        let w = (8 - i) as f32;
        let ts = (story_t - lag_secs as f64 * i as f64 / 7.0).max(0.0);
        sum += target_point(scene, story, target, ts).0 * w;
        wsum += w;
    }
    Some(sum / wsum)
}

/// A two-shot's subject: the group of its two (the checker makes one for each two-shot).
pub(crate) fn pair_group(scene: &ir::Scene, shot: &Shot) -> Option<ir::Target> {
    let Shot::Pair { kind: ir::PairKind::TwoShot, target, other, .. } = shot else { return None };
    let g = scene.groups.iter().position(|g| g.len() == 2 && g[0] == *target && g[1] == *other)?;
    Some(ir::Target { entity: ir::Entity::Group(g), part: None })
}

/// Where a placed camera stands: the world point, or beside its target as the target
/// stood and faced at `story_t0`, the shot's start (fixed in the world from then on).
fn placed_eye(scene: &ir::Scene, story: &Story, eye: &ir::Placement, story_t0: f64) -> Vec3 {
    match eye {
        ir::Placement::World { position_m } => Vec3::from(*position_m),
        ir::Placement::Beside { target, bearing_rad, distance_m, height_m } => {
            let (c, _, yaw) = target_point(scene, story, target, story_t0);
            let base = super::baking::target_base_y(scene, story, target, story_t0);
            let flat = dir(yaw + bearing_rad) * *distance_m;
            Vec3::new(c.x + flat.x, base + height_m, c.z + flat.z)
        }
    }
}

/// A relative move `k` (eased, 0..1) of the way from `r0`. `p0` is the target where the move
/// started and `p` where it is now (for the moves that aim at one).
fn move_rig(r0: Rig, p0: Vec3, p: Vec3, kind: ir::MoveKind, k: f32, local: f64) -> Rig {
    let fwd = (r0.look - r0.eye).normalize_or(Vec3::X);
    let right = fwd.cross(Vec3::Y).normalize_or(Vec3::Z);
    let shift = |v: Vec3| Rig { eye: r0.eye + v * k, look: r0.look + v * k, ..r0 };
    let turn = |q: glam::Quat| Rig { look: r0.eye + q * (r0.look - r0.eye), ..r0 };
    match kind {
        ir::MoveKind::Dolly { m } => shift(fwd * m),
        ir::MoveKind::Truck { m } => shift(right * m),
        ir::MoveKind::Pedestal { m } => shift(Vec3::Y * m),
        ir::MoveKind::Crane { m } => Rig { eye: r0.eye + Vec3::Y * m * k, ..r0 },
        ir::MoveKind::Pan { rad } => turn(glam::Quat::from_rotation_y(rad * k)),
        ir::MoveKind::Tilt { rad } => turn(glam::Quat::from_axis_angle(right, rad * k)),
        ir::MoveKind::Zoom { fov_rad } => Rig { fov: r0.fov + (fov_rad - r0.fov) * k, ..r0 },
        ir::MoveKind::DollyZoom { fov_rad } => {
            // Keep distance x tan(fov/2) constant, so the target keeps its size on screen.
            let fov = r0.fov + (fov_rad - r0.fov) * k;
            let d0 = (r0.eye - p0).length().max(1e-4);
            let d = d0 * (r0.fov * 0.5).tan() / (fov * 0.5).tan();
            let back = (r0.eye - p0) / d0;
            Rig { eye: p + back * d, look: p, fov, ..r0 }
        }
        ir::MoveKind::LookAt => Rig { look: r0.look.lerp(p, k), ..r0 },
        ir::MoveKind::Roll { rad } => Rig { roll: r0.roll + rad * k, ..r0 },
        ir::MoveKind::Rack { f_number } => {
            // From the old focus to the target's distance now, evenly in inverse distance
            // (how a focus ring is marked); without an old focus, on the target at once.
            let to = (p - r0.eye).length().max(0.05);
            let from = if r0.focus_m > 0.0 { r0.focus_m } else { to };
            let inv = 1.0 / from + (1.0 / to - 1.0 / from) * k;
            let f = if r0.f_number > 0.0 { r0.f_number + (f_number - r0.f_number) * k } else { f_number };
            Rig { focus_m: 1.0 / inv.max(1e-4), f_number: f, ..r0 }
        }
        ir::MoveKind::Handheld { m } => {
            // A smooth wander from a few incommensurate sines: deterministic, no random
            // state; it fades in over the first quarter second and out at the end, so the
            // camera ends where it started.
            let t = local as f32;
            let w = |a: f32, b: f32, c: f32| ((a * t).sin() * 0.5 + (b * t + 1.3).sin() * 0.3 + (c * t + 2.1).sin() * 0.2) * m;
            let fade = (t / 0.25).min(1.0).min((1.0 - k) * 8.0);
            let eye = r0.eye + Vec3::new(w(1.7, 3.1, 5.3), w(2.3, 4.1, 6.7), w(1.1, 2.9, 4.7)) * fade;
            let look = r0.look + Vec3::new(w(0.9, 2.2, 3.7), w(1.3, 2.7, 4.3), w(0.7, 1.9, 3.3)) * 0.1 * fade;
            Rig { eye, look, ..r0 }
        }
    }
}

impl Schedule {
    /// The shot running at `t`: the last to start by then (the first before any starts).
    fn seg_at(&self, t: f64) -> Option<&Seg> {
        self.segs.iter().rev().find(|s| s.start <= t).or(self.segs.first())
    }

    pub fn end_secs(&self) -> f64 {
        self.segs.iter().map(|s| if s.end.is_finite() { s.end } else { s.start }).fold(0.0, f64::max)
    }

    fn eval_rig(&self, t: f64, scene: &ir::Scene, story: &Story, clock: &Clock) -> Rig {
        let Some(seg) = self.seg_at(t) else {
            return self.default_rig;
        };
        self.shot_rig(seg, &seg.shot, t, scene, story, clock)
    }

    /// The rig `shot` gives at `t`, as part of `seg` (the shot itself, or one of a
    /// `together`'s).
    fn shot_rig(&self, seg: &Seg, shot: &Shot, t: f64, scene: &ir::Scene, story: &Story, clock: &Clock) -> Rig {
        let story_t = clock.story_of(t);
        let (p, size, yaw) = match target_of(shot) {
            Some(tg) => target_point(scene, story, tg, story_t),
            None => (seg.p0, 1.0, 0.0),
        };
        let fov = seg.rig0.fov;
        let local = t - seg.start;
        let len = seg.end - seg.start;
        let u = if len.is_finite() && len > 1e-9 { local / len } else { 1.0 };
        let off0 = seg.rig0.eye - seg.rig0.look;
        let d0 = off0.length().max(1e-4);
        let b0 = (-off0.z).atan2(off0.x);
        let e0 = (off0.y / d0).clamp(-1.0, 1.0).asin();
        let (eye, look, blend) = match shot {
            Shot::Frame { framing, .. } => {
                // The target fills `fill` of the frame height, seen from its front-left
                // three-quarter view at the framing's elevation.
                let (fill, e) = framing.fill_and_elevation();
                // A medium shot of a whole figure is from the waist up.
                let whole = target_of(shot).is_some_and(|t| t.part.is_none());
                let (p, size) = if *framing == ir::Framing::Medium && whole { (p + Vec3::Y * 0.22 * size, 0.55 * size) } else { (p, size) };
                let d = size / (fill * 2.0 * (fov * 0.5).tan());
                // Looking up from below stops just above the floor: the camera rises (the
                // angle flattens) rather than sink under it, and the framing holds.
                let clearance = 0.05 * size;
                let e = if p.y + d * e.sin() < clearance { ((clearance - p.y) / d).clamp(-1.0, 1.0).asin().max(e) } else { e };
                // The first framing is from the target's front-left three-quarter view; a
                // later one keeps the side the camera is on (the 180-degree rule) and blends
                // in from where the camera is.
                let b = if seg.first { seg.yaw0 + 0.55 } else { b0 } + seg.bearing_off;
                (p + (dir(b) * e.cos() + Vec3::Y * e.sin()) * d, p, !seg.first)
            }
            Shot::Follow { distance_m, height_m, duration_secs, ease, side_rad, lag_secs, target, turning, level } => {
                // With a lag, aim at where the target has been on average over the last
                // `lag` of story time (triangular weights): a steady picture of a jerky target.
                let p = lagged_point(scene, story, target, story_t, *lag_secs).unwrap_or(p);
                let ramp = ease.apply(u) as f32;
                let d = match distance_m {
                    Some([a, b]) => a + (b - a) * ramp,
                    None => d0,
                };
                let e_target = match (height_m, distance_m) {
                    _ if *level => 0.0,
                    // `height` is above the target's feet (a prop's bottom), not its centre.
                    (Some(h), _) => {
                        let above_p = super::baking::target_base_y(scene, story, target, story_t) + h - p.y;
                        (above_p / d.max(1e-4)).clamp(-1.0, 1.0).asin()
                    }
                    (None, Some(_)) => 0.22,
                    (None, None) => e0,
                };
                let ue = if duration_secs.is_some() { ramp } else { smooth(local / 1.0) };
                // With a side, the blend carries the camera to its height too.
                let e = if side_rad.is_some() { e_target } else { e0 + (e_target - e0) * ue };
                // A side puts the camera at that bearing from the target's facing when the
                // shot starts, fixed in the world from then on (or, `turning`, from its
                // facing now); the move's blend carries it there smoothly.
                let b = side_rad.map_or(b0, |off| if *turning { yaw + off } else { seg.yaw0 + off }) + seg.bearing_off;
                (p + (dir(b) * e.cos() + Vec3::Y * e.sin()) * d, p, true)
            }
            Shot::Orbit { angle_rad, rise_m, ease, .. } => {
                let k = ease.apply(u) as f32;
                let r = Vec3::new(off0.x, 0.0, off0.z).length();
                let eye = p + dir(b0 + angle_rad * k) * r + Vec3::Y * (off0.y + rise_m * k);
                (eye, p, true)
            }
            Shot::Move { kind, ease, .. } => return move_rig(seg.rig0, seg.p0, p, *kind, ease.apply(u) as f32, local),
            Shot::Together(shots) => {
                // The shot that places the camera (first, if any), then each move on top,
                // each over its own duration.
                let mut rig = match shots.first().filter(|s| !matches!(s, Shot::Move { .. })) {
                    Some(base) => self.shot_rig(seg, base, t, scene, story, clock),
                    None => seg.rig0,
                };
                for m in shots {
                    if let Shot::Move { kind, ease, duration_secs, .. } = m {
                        let k = if *duration_secs > 0.0 { ease.apply((local / *duration_secs as f64).min(1.0)) as f32 } else { 1.0 };
                        rig = move_rig(rig, seg.p0, p, *kind, k, local);
                    }
                }
                return rig;
            }
            Shot::Place { eye, look, toward_m, move_secs, ease, lag_secs, .. } => {
                let eye_to = placed_eye(scene, story, eye, clock.story_of(seg.start));
                let look_to = match (look, toward_m) {
                    (Some(tg), _) => lagged_point(scene, story, tg, story_t, *lag_secs).unwrap_or(p),
                    (None, Some(t)) => Vec3::from(*t),
                    // Keep aiming the way the camera aimed.
                    (None, None) => eye_to + (seg.rig0.look - seg.rig0.eye),
                };
                let k = match move_secs {
                    Some(m) if *m > 0.0 => ease.apply((local / *m as f64).min(1.0)) as f32,
                    _ => 1.0,
                };
                (seg.rig0.eye.lerp(eye_to, k), seg.rig0.look.lerp(look_to, k), false)
            }
            Shot::Pair { kind, other, .. } => {
                let (q, qsize, _) = target_point(scene, story, other, story_t);
                // Aim at heads rather than hips when the targets are whole figures.
                let head =
                    |tg: &ir::Target, c: Vec3, s: f32| if matches!(tg.entity, ir::Entity::Actor(_)) && tg.part.is_none() { c + Vec3::Y * 0.38 * s } else { c };
                let Some(target) = target_of(shot) else { return seg.rig0 };
                let (pa, qa) = (head(target, p, size), head(other, q, qsize));
                let across = (pa - qa).with_y(0.0);
                let axis = if across.length() > 1e-4 { across.normalize() } else { Vec3::X };
                // The side of the line the camera was already on, so a cut does not jump it.
                let mut side = Vec3::new(axis.z, 0.0, -axis.x);
                if (seg.rig0.eye - (pa + qa) * 0.5).dot(side) < 0.0 {
                    side = -side;
                }
                let side = glam::Quat::from_rotation_y(seg.bearing_off) * side;
                match kind {
                    ir::PairKind::TwoShot => {
                        let mid = (p + q) * 0.5;
                        let tan_v = (fov * 0.5).tan();
                        let h = size.max(qsize);
                        let d = (h / (0.75 * 2.0 * tan_v)).max((across.length() + 0.6 * h) / (0.8 * 2.0 * tan_v * self.aspect));
                        (mid + side * d + Vec3::Y * 0.12 * d, mid, !seg.first)
                    }
                    ir::PairKind::OverShoulder => {
                        // Just behind and beside `other`'s head, looking past it at the target.
                        let eye = qa - axis * 0.8 * qsize + side * 0.32 * qsize + Vec3::Y * 0.04 * qsize;
                        (eye, pa, !seg.first)
                    }
                }
            }
        };
        if blend && !seg.first && local < BLEND_SECS {
            let k = smooth(local / BLEND_SECS);
            let shift = p - seg.p0;
            let from = Rig { eye: seg.rig0.eye + shift, look: seg.rig0.look + shift, ..seg.rig0 };
            return Rig { eye: from.eye.lerp(eye, k), look: from.look.lerp(look, k), ..seg.rig0 };
        }
        Rig { eye, look, ..seg.rig0 }
    }

    pub fn eval(&self, t: f64, scene: &ir::Scene, story: &Story, clock: &Clock, notes: &mut Vec<String>) -> CameraPose {
        let mut rig = self.eval_rig(t, scene, story, clock);
        // Never inside a table or under the floor: push the camera out and say so.
        for p in &scene.props {
            // The top (or the wall) is the first box; below it a camera would be inside.
            let boxes = super::prop_boxes(p);
            let Some(&(c, h, yaw)) = boxes.first() else { continue };
            let margin = 0.01;
            let top = c.y + h.y;
            let local = yaw.inverse() * (rig.eye - c);
            if local.x.abs() < h.x + margin && local.z.abs() < h.z + margin && rig.eye.y < top + margin && rig.eye.y > 0.0 {
                rig.eye.y = top + margin;
                notes.push(format!("the camera was pushed out of `{}` at {:.2}s", p.name, t));
            }
        }
        if rig.eye.y < 0.02 {
            rig.eye.y = 0.02;
            notes.push(format!("the camera was pushed above the floor at {t:.2}s"));
        }
        // A subject out of sight behind a prop (a framing looks for a clear side first).
        if let Some(tg) = self.seg_at(t).and_then(|s| target_of(&s.shot)) {
            let (p, _, _) = target_point(scene, story, tg, clock.story_of(t));
            if let Some(prop) = super::sight::blocker(scene, rig.eye, p) {
                notes.push(format!("`{}` was hidden behind `{prop}` at {t:.2}s", super::baking::target_name(scene, tg)));
            }
        }
        CameraPose { eye: rig.eye.into(), look_at: rig.look.into(), fov_y_rad: rig.fov, roll_rad: rig.roll, focus_m: rig.focus_m, f_number: rig.f_number }
    }
}
