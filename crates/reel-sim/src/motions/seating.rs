//! Sitting and climbing: the body moved kinematically along a path onto a top.

use super::*;

pub(crate) fn climb(a: &mut ActorSim, c: &Ctx, o: &mut Out, _body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, dt, .. } = *c;
    let Stage::Climb { from, edge, top, duration } = stage else { unreachable!() };

    // Kinematic along the path: up beside the edge (hands on the top, a knee
    // up), then forward onto it.
    let u = (((t + dt - t0) / *duration).min(1.0)) as f32;
    let ease = |x: f32| x * x * (3.0 - 2.0 * x);
    let root = if u < 0.6 { from.lerp(*edge, ease(u / 0.6)) } else { edge.lerp(*top, ease((u - 0.6) / 0.4)) };
    let dir = Vec2::new(top.x - from.x, top.z - from.z);
    if dir.length() > 1e-4 {
        a.yaw = (-dir.y).atan2(dir.x);
    }
    let reach = if u < 0.6 { (u / 0.6 * std::f32::consts::PI).sin() } else { 0.0 };
    let knee = if u < 0.75 { (u / 0.75 * std::f32::consts::PI).sin() } else { 0.0 };
    o.target = Pose {
        lean: 0.5 * reach,
        shoulder: [2.2 - 1.6 * (u / 0.6).min(1.0), 2.2 - 1.6 * (u / 0.6).min(1.0)],
        elbow: [0.5 * reach, 0.5 * reach],
        hip: [1.7 * knee, 0.3 * knee],
        knee: [2.0 * knee, 0.5 * knee],
        ..Pose::standing()
    };
    o.next_root = Some(root);
    if u >= 1.0 {
        o.finished = true;
    }
}

pub(crate) fn sit(a: &mut ActorSim, c: &Ctx, o: &mut Out, _body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { h, t, dt, .. } = *c;
    let Stage::Sit { from, seat, yaw, seated, ankles, stand_at, duration } = stage else { unreachable!() };

    let ease = |x: f64| (x * x * (3.0 - 2.0 * x)) as f32;
    let down = ease(((t + dt - t0) / *duration).min(1.0));
    let b = match stand_at {
        Some(sa) if t + dt >= *sa => 1.0 - ease(((t + dt - *sa) / *duration).min(1.0)),
        _ => down,
    };
    // Lower the hips over the feet first, then back onto the seat.
    let lower = from.lerp(Vec3::new(from.x, seat.y, from.z), b);
    let root = lower.lerp(*seat, (b * b).min(1.0));
    a.yaw = yaw.0 + (yaw.1 - yaw.0) * (b * 2.0).min(1.0);
    o.target = Pose::standing().lerp(seated, b);
    let ankle = ankles.0.lerp(ankles.1, b);
    let rel = ankle - root;
    let fwd = rel.x * a.yaw.cos() - rel.z * a.yaw.sin();
    let (hip, knee) = humanoid::leg_ik(&c.legs, fwd / h, rel.y / h);
    (o.target.hip, o.target.knee) = ([hip; 2], [knee; 2]);
    o.exact = true;
    o.next_root = Some(root);
    if stand_at.is_some_and(|sa| t + dt >= sa + *duration) {
        o.finished = true;
    }
}

/// The hips of a figure lying on its back, above what it lies on, in figure heights.
pub(crate) const LYING_HIPS: f32 = 0.08;

/// A roll along the floor while lying on the back: `angle_rad` about the body's length
/// (positive toward the figure's left) from `from` over `secs`, the figure facing `yaw`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Roll {
    pub(crate) angle_rad: f32,
    pub(crate) from: f64,
    pub(crate) secs: f64,
    /// Which way the figure faces (its left is where it rolls to, for a positive angle).
    pub(crate) yaw: f32,
}

/// How far a rolling body's axis is from the floor, in heights (its half depth).
const ROLL_RADIUS: f32 = 0.09;

impl Roll {
    /// The angle rolled by time `t` and the sideways shift it has carried the body.
    fn at(&self, t: f64, h: f32) -> (f32, Vec3) {
        let u = ((t - self.from) / self.secs.max(1e-3)).clamp(0.0, 1.0);
        let angle = self.angle_rad * (u * u * (3.0 - 2.0 * u)) as f32;
        let left = Vec3::new(-self.yaw.sin(), 0.0, -self.yaw.cos());
        (angle, left * (angle * ROLL_RADIUS * h))
    }
}

pub(crate) fn lie(_a: &mut ActorSim, c: &Ctx, o: &mut Out, _body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, dt, .. } = *c;
    let Stage::Lie { from, down, stand_at, duration, roll } = stage else { unreachable!() };

    // 0 standing, 1 lying; getting up runs it backwards.
    let ease = |x: f64| (x * x * (3.0 - 2.0 * x)) as f32;
    let b = match stand_at {
        Some(sa) if t + dt >= *sa => 1.0 - ease(((t + dt - *sa) / *duration).min(1.0)),
        _ => ease(((t + dt - t0) / *duration).min(1.0)),
    };
    // First half: down onto the hips, knees up (a sit on the ground); second: back, the legs
    // stretching out and the arms by the sides.
    let sit = (2.0 * b).min(1.0);
    let back = (2.0 * b - 1.0).max(0.0);
    let seated_hips = from.y + (down.y - from.y) * 0.9;
    let root = Vec3::new(from.x, from.y + (seated_hips - from.y) * sit + (down.y - seated_hips) * back, from.z);
    let bent = sit * (1.0 - back);
    o.target = Pose {
        hip: [1.5 * bent, 1.5 * bent],
        knee: [2.0 * bent, 2.0 * bent],
        lean: 0.4 * bent,
        shoulder: [0.6 * bent, 0.6 * bent],
        elbow: [0.2, 0.2],
        tumble: [-std::f32::consts::FRAC_PI_2 * back, 0.0, 0.0],
        ..Pose::standing()
    };
    let mut root = root;
    if let Some(r) = roll {
        let (angle, shift) = r.at(t + dt, c.h);
        root += shift;
        if back >= 1.0 {
            o.target.tumble[2] = angle;
            // The arms along the sides, out of the way.
            (o.target.shoulder, o.target.abduct) = ([0.0, 0.0], [0.05, 0.05]);
        }
    }
    o.exact = true;
    o.next_root = Some(root);
    if stand_at.is_some_and(|sa| t + dt >= sa + *duration) {
        o.finished = true;
    }
}
