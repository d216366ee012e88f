//! Walking, running and sprinting along a path, stopping, turning on the spot, idling.

use super::*;

pub(crate) fn loco(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { h, t, dt, v, p, .. } = *c;
    let Stage::Loco { from, to, duration, gait } = stage else { unreachable!() };

    let u_next = ((t + dt - t0) / *duration).min(1.0);
    let want = *from + (*to - *from) * loco_progress(u_next) as f32;
    a.path_velocity = (*to - *from) * (loco_slope(u_next) / *duration) as f32;
    let vel = (want - Vec2::new(p.x, p.z)) / dt as f32;
    body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
    let speed = vel.length();
    if speed > 1e-4 {
        let dir = *to - *from;
        if dir.length() > 1e-6 {
            a.yaw = (-dir.y).atan2(dir.x);
        }
    }
    o.target = gait_pose(&mut a.gait_phase, *gait, speed, h, &c.legs, dt);
    o.planted = true;
    if t + dt - t0 >= *duration {
        o.finished = true;
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
