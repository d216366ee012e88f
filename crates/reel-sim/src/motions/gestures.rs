//! Gestures in place: kicks, raised arms, balancing on one leg, arm swings and waves.

use super::*;

pub(crate) fn kick(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, dt, v, p, h, focus, .. } = *c;
    let Stage::Kick { side, duration, ball, swing_from } = stage else { unreachable!() };

    // With a ball: step up to it (the kicking foot beside it), then swing.
    if let (Some(_), Some(q), None) = (ball.as_ref(), focus, *swing_from) {
        let to = Vec2::new(q.x - p.x, q.z - p.z);
        if to.length() > 1e-4 {
            a.yaw = (-to.y).atan2(to.x);
        }
        let gap = to.length() - KICK_REACH * h;
        if gap > 0.02 && t - t0 < 10.0 {
            let pace = (gap / 0.15).min(1.3);
            let vel = to.normalize_or_zero() * pace;
            body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
            o.target = gait_pose(&mut a.gait_phase, ir::Gait::Walk, pace, h, &c.legs, dt);
            o.planted = true;
            return;
        }
        *swing_from = Some(t);
    }
    // Up in front in the first 40% of the time, back down after; the standing
    // leg braces and the arms counter. The foot meets the ball at the top of the swing.
    let from = swing_from.unwrap_or(t0);
    let u = ((t - from) / *duration).clamp(0.0, 1.0) as f32;
    let lift = if u < 0.4 { (u / 0.4).powf(0.7) } else { ((1.0 - u) / 0.6).powi(2) };
    o.target = Pose::standing();
    o.target.hip[*side] = 1.5 * lift;
    o.target.knee[*side] = 0.9 * (1.0 - lift) * (lift * 4.0).min(1.0);
    o.target.knee[1 - *side] = 0.15 * lift;
    o.target.lean = -0.15 * lift;
    o.target.shoulder[1 - *side] = 0.9 * lift;
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    if u >= 0.3 {
        if let Some((pi, mut launch)) = ball.take() {
            if launch.heading_rad.is_none() && launch.toward.is_none() {
                launch.heading_rad = Some(a.yaw);
            }
            o.kick = Some((pi, launch));
        }
    }
    if t - from >= *duration {
        o.finished = true;
    }
}

/// How far from a ball (in figure heights, centre to centre) a kicker stands to kick it.
const KICK_REACH: f32 = 0.3;

pub(crate) fn raise_arms(_a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, v, .. } = *c;
    let Stage::RaiseArms { duration } = stage else { unreachable!() };

    // Arms up in a V, raised out through the sides and a little forward.
    o.target = Pose { shoulder: [0.3, 0.3], abduct: [2.75, 2.75], elbow: [0.08, 0.08], ..Pose::standing() };
    body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
    if t - t0 >= *duration {
        o.finished = true;
    }
}

pub(crate) fn balance(_a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, v, .. } = *c;
    let Stage::Balance { side, duration } = stage else { unreachable!() };

    // On one leg, the other knee up, arms out, swaying a little over the foot.
    let el = (t - t0) as f32;
    let up = (el / 0.4).min(1.0).min(((*duration as f32 - el) / 0.4).max(0.0));
    let mut b = Pose { shoulder: [0.15, 0.15], abduct: [1.45, 1.45], elbow: [0.1, 0.1], lean: 0.04 * (el * 2.1).sin(), ..Pose::standing() };
    b.hip[1 - *side] = 1.1;
    b.knee[1 - *side] = 1.7;
    o.target = Pose::standing().lerp(&b, up);
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    o.finished = t - t0 >= *duration;
}

pub(crate) fn crouch(_a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, v, .. } = *c;
    let Stage::Crouch { drop, bow, hold, ease } = stage else { unreachable!() };

    // Down, held, up: eased at both ends; arms forward and the torso over the feet.
    let el = t + c.dt - t0;
    let smooth = |x: f64| {
        let x = x.clamp(0.0, 1.0) as f32;
        x * x * (3.0 - 2.0 * x)
    };
    let k = smooth(el / *ease).min(smooth((2.0 * *ease + *hold - el) / *ease));
    o.target = if *bow > 0.0 {
        // A bow: the torso forward from the hips, the head down with it, the arms hanging.
        Pose { lean: *bow * k, head_pitch: 0.3 * k, shoulder: [0.35 * *bow * k; 2], elbow: [0.15, 0.15], ..Pose::standing() }
    } else {
        Pose { drop: *drop * k, lean: 0.9 * *drop * k, shoulder: [0.9 * k, 0.9 * k], elbow: [0.3, 0.3], ..Pose::standing() }
    };
    o.exact = *bow > 0.0;
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    o.finished = el >= 2.0 * *ease + *hold;
}

pub(crate) fn swing(_a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, v, .. } = *c;
    let Stage::Swing { side, dir, duration } = stage else { unreachable!() };

    let u = ((t - t0) / *duration) as f32;
    o.target = Pose::standing();
    let (a, e) = swing_arm(*dir, u);
    o.target.shoulder[*side] = a;
    o.target.elbow[*side] = e;
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    if t - t0 >= *duration {
        o.finished = true;
    }
}

pub(crate) fn wave(_a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, v, .. } = *c;
    let Stage::Wave { side, duration } = stage else { unreachable!() };

    o.target = Pose::standing();
    (o.target.shoulder[*side], o.target.abduct[*side], o.target.elbow[*side]) = wave_arm((t - t0) as f32, *duration as f32);
    body.set_linvel(Vector::new(v.x * 0.8, v.y, v.z * 0.8), true);
    if t - t0 >= *duration {
        o.finished = true;
    }
}
