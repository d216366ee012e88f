//! Walking, running and sprinting along a path, stopping, turning on the spot, idling.

use super::*;

pub(crate) fn loco(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { h, t, dt, v, p, .. } = *c;
    let Stage::Loco { path, duration, gait, flying } = stage else { unreachable!() };

    let u_next = ((t + dt - t0) / *duration).min(1.0);
    let (progress, slope) = if *flying { (u_next, 1.0) } else { (loco_progress(u_next), loco_slope(u_next)) };
    let s = path.length() * progress as f32;
    let want = path.at(s);
    // Facing: toward a point a little ahead on the path, so a curve turns smoothly.
    let ahead = path.at(s + 0.25) - want;
    let dir = if ahead.length() > 1e-4 { ahead.normalize() } else { path.heading_at(s) };
    a.path_velocity = dir * (path.length() as f64 * slope / *duration) as f32;
    let vel = (want - Vec2::new(p.x, p.z)) / dt as f32;
    body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
    let speed = vel.length();
    if speed > 1e-4 && dir.length() > 1e-6 {
        a.yaw = (-dir.y).atan2(dir.x);
    }
    o.target = gait_pose(&mut a.gait_phase, *gait, speed, h, &c.legs, dt);
    o.planted = true;
    if t + dt - t0 >= *duration {
        o.finished = true;
    }
}

/// A walk's path on the floor: a polyline with its lengths measured along it.
#[derive(Debug, Clone)]
pub(crate) struct Path {
    points: Vec<Vec2>,
    /// Distance along the path to each point.
    along: Vec<f32>,
}

impl Path {
    pub(crate) fn new(points: Vec<Vec2>) -> Path {
        let mut along = vec![0.0];
        for w in points.windows(2) {
            along.push(along.last().unwrap() + w[0].distance(w[1]));
        }
        Path { points, along }
    }

    /// From `from` round `centre` by `angle` (counter-clockwise seen from above when
    /// positive), at `radius` (reached first in a straight line) or at the distance `from`
    /// is from the centre.
    pub(crate) fn around(from: Vec2, centre: Vec2, radius: Option<f32>, angle: f32) -> Path {
        let out = from - centre;
        let dir = if out.length() > 1e-3 { out.normalize() } else { Vec2::X };
        let r = radius.unwrap_or(out.length()).max(0.05);
        let theta0 = (-dir.y).atan2(dir.x);
        let mut points = vec![from];
        let steps = (angle.abs() / 3f32.to_radians()).ceil().max(1.0) as usize;
        for k in 0..=steps {
            let theta = theta0 + angle * k as f32 / steps as f32;
            points.push(centre + r * Vec2::new(theta.cos(), -theta.sin()));
        }
        Path::new(points)
    }

    pub(crate) fn length(&self) -> f32 {
        *self.along.last().unwrap_or(&0.0)
    }

    /// The segment `s` metres along falls in, and how far into it.
    fn segment(&self, s: f32) -> (usize, f32) {
        let s = s.clamp(0.0, self.length());
        let i = self.along.partition_point(|&a| a <= s).clamp(1, self.points.len().max(2) - 1);
        (i - 1, s - self.along[i - 1])
    }

    /// The point `s` metres along (clamped to the ends).
    pub(crate) fn at(&self, s: f32) -> Vec2 {
        if self.points.len() < 2 {
            return self.points.first().copied().unwrap_or(Vec2::ZERO);
        }
        let (i, into) = self.segment(s);
        let (a, b) = (self.points[i], self.points[i + 1]);
        let len = a.distance(b);
        if len < 1e-6 {
            a
        } else {
            a + (b - a) * (into / len)
        }
    }

    /// The direction of the segment `s` metres along (the last non-empty one at the end).
    pub(crate) fn heading_at(&self, s: f32) -> Vec2 {
        if self.points.len() < 2 {
            return Vec2::ZERO;
        }
        let (i, _) = self.segment(s);
        (i..self.points.len() - 1)
            .chain((0..i).rev())
            .map(|k| self.points[k + 1] - self.points[k])
            .find(|d| d.length() > 1e-6)
            .map_or(Vec2::ZERO, |d| d.normalize())
    }

    /// The path without its last `by` metres.
    pub(crate) fn shortened(&self, by: f32) -> Path {
        let keep = (self.length() - by).max(0.0);
        let (i, _) = self.segment(keep);
        let mut points: Vec<Vec2> = self.points[..=i].to_vec();
        points.push(self.at(keep));
        Path::new(points)
    }
}

pub(crate) fn turn(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, dt, v, .. } = *c;
    let Stage::Turn { from, by, duration } = stage else { unreachable!() };

    // Eased, the feet stepping round: a small alternating knee lift.
    let u = (((t + dt - t0) / *duration).min(1.0)) as f32;
    a.yaw = *from + *by * (u * u * (3.0 - 2.0 * u));
    let step = (u * std::f32::consts::PI * 2.0 * (by.abs() / 1.6).max(1.0).ceil()).sin();
    o.target = Pose { hip: [0.25 * step.max(0.0), 0.25 * (-step).max(0.0)], knee: [0.5 * step.max(0.0), 0.5 * (-step).max(0.0)], ..Pose::standing() };
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    if t + dt - t0 >= *duration {
        o.finished = true;
    }
}

pub(crate) fn stop(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { h, t, dt, v, .. } = *c;
    let Stage::Stop { v0, duration } = stage else { unreachable!() };

    let u = (((t + dt - t0) / *duration).min(1.0)) as f32;
    let vel = *v0 * (1.0 - u);
    body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
    o.target = gait_pose(&mut a.gait_phase, ir::Gait::Walk, vel.length(), h, &c.legs, dt);
    o.planted = vel.length() > 1e-3;
    o.finished = u >= 1.0;
}

pub(crate) fn idle(_a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, _t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, v, .. } = *c;
    let Stage::Idle { until } = stage else { unreachable!() };

    body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
    if until.is_some_and(|u| t >= u) {
        o.finished = true;
    }
}

pub(crate) fn no_motion(_a: &mut ActorSim, c: &Ctx, _o: &mut Out, body: &mut RigidBody, _story: &mut Story, _t0: f64, _item: usize, _stage: &mut Stage) {
    let Ctx { v, .. } = *c;

    body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
}
