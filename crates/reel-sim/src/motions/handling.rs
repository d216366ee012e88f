//! Handling props: pushing with the hands' collider, throwing, catching.

use super::*;

pub(crate) fn push(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { scene, actor, h, t, dt, v, p, focus, .. } = *c;
    let Stage::Push { prop, by, duration, pushing_since } = stage else { unreachable!() };

    // Walk up to it, then on at the pushing speed; the hands' collider moves it.
    let Some(q) = focus else { unreachable!("push of a static prop") };
    let to = Vec2::new(q.x - p.x, q.z - p.z);
    let dir = to.normalize_or_zero();
    if dir != Vec2::ZERO && pushing_since.is_none() {
        a.yaw = (-dir.y).atan2(dir.x);
    }
    let facing = Vec2::new(a.yaw.cos(), -a.yaw.sin());
    let speed = if pushing_since.is_some() { *by / *duration as f32 } else { 0.75 * h };
    let vel = facing * speed;
    body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
    o.target = gait_pose(&mut a.gait_phase, ir::Gait::Walk, speed, h, &c.legs, dt);
    o.target.lean = 0.25;
    o.target.shoulder = [1.3, 1.3];
    o.target.elbow = [0.45, 0.45];
    o.target.abduct = [0.05, 0.05];
    o.planted = true;
    match pushing_since {
        Some(ps) => o.finished = t + dt - *ps >= *duration,
        None if t - t0 > 15.0 => {
            story.notes.push(format!("`{}` never reached `{}` to push it", actor.name, scene.props[*prop].name));
            o.finished = true;
        }
        None => {}
    }
}

pub(crate) fn throw(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, dt, v, p, aim_at, .. } = *c;
    let Stage::Throw { prop, duration, pickup: from, released, .. } = stage else { unreachable!() };

    let u = ((t + dt - t0) / *duration) as f32;
    let ease = |x: f32| {
        let x = x.clamp(0.0, 1.0);
        x * x * (3.0 - 2.0 * x)
    };
    let aim_at = aim_at.unwrap_or_default();
    let dir = Vec2::new(aim_at.x - p.x, aim_at.z - p.z);
    if dir.length() > 1e-4 && u < 0.5 {
        // Turn to face the aim over the wind-up.
        let want = (-dir.y).atan2(dir.x);
        let d = (want - a.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        a.yaw += d * ease(u / 0.3).max(0.2).min(1.0) * 0.25;
    }
    // Overhand: wind up behind the head, whip forward, follow through.
    let (sh, el) = if u < 0.55 {
        let k = ease(u / 0.55);
        (2.7 * k, 1.7 * k)
    } else if u < 0.7 {
        let k = (u - 0.55) / 0.15;
        (2.7 - 1.5 * k, 1.7 - 1.55 * k)
    } else {
        let k = ease((u - 0.7) / 0.3);
        (1.2 - 0.8 * k, 0.15)
    };
    o.target = Pose::standing();
    o.target.shoulder[RIGHT] = sh;
    o.target.elbow[RIGHT] = el;
    o.target.abduct[RIGHT] = 0.25;
    o.target.shoulder[LEFT] = 1.2 * ease(u / 0.5) * (1.0 - ease((u - 0.6) / 0.4));
    o.target.lean = if u < 0.55 { -0.15 * ease(u / 0.55) } else { -0.15 + 0.45 * ease((u - 0.55) / 0.3) };
    o.exact = true;
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    if let (Some(f), true) = (*from, u < 0.3) {
        o.pickup = Some((f, ease(u / 0.3)));
    }
    if u >= 0.62 && !*released {
        *released = true;
        o.release = Some((*prop, aim_at));
    }
    o.finished = u >= 1.0;
}

pub(crate) fn catch(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, story: &mut Story, _t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { scene, actor, h, t, dt, v, p, focus, hand_now, .. } = *c;
    let Stage::Catch { prop, until } = stage else { unreachable!() };

    // Face the prop and reach for it with the right hand.
    let Some(q) = focus else { unreachable!("catch of a static prop") };
    let to = q - (Vec3::new(p.x, p.y, p.z) + a.root_offset + Vec3::Y * 0.28 * h);
    let flat = Vec2::new(to.x, to.z);
    if flat.length() > 0.05 * h {
        let want = (-flat.y).atan2(flat.x);
        let d = (want - a.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        a.yaw += d.clamp(-6.0 * dt as f32, 6.0 * dt as f32);
    }
    o.target = Pose::standing();
    o.target.shoulder[RIGHT] = flat.length().atan2(-to.y).clamp(0.3, 3.0);
    o.target.elbow[RIGHT] = 0.25;
    o.target.shoulder[LEFT] = o.target.shoulder[RIGHT] * 0.7;
    o.target.elbow[LEFT] = 0.6;
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    let r = prop_radius(&scene.props[*prop]);
    let chest = Vec3::new(p.x, p.y, p.z) + a.root_offset + Vec3::Y * 0.2 * h;
    if hand_now.is_some_and(|hand| q.distance(hand) < r + 0.15 * h) || q.distance(chest) < r + 0.2 * h {
        o.caught = Some(*prop);
        o.finished = true;
    } else if t >= *until {
        story.notes.push(format!("`{}` never came within `{}`'s reach to be caught", scene.props[*prop].name, actor.name));
        o.finished = true;
    }
}

pub(crate) fn chase(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, story: &mut Story, t0: f64, item: usize, stage: &mut Stage) {
    let Ctx { scene, actor, h, t, dt, v, p, focus, .. } = *c;
    let Stage::Chase { prop, until, speed, last } = stage else { unreachable!() };

    // Run to where it is going (a fifth of a second ahead), to stand just behind it, and keep
    // pace with it there while stooping to take it with both hands.
    let Some(q) = focus else { unreachable!("chase of a static prop") };
    let going = last.map_or(Vec3::ZERO, |l| (q - l) / dt as f32);
    *last = Some(q);
    let ahead = q + going * 0.2;
    let to = Vec2::new(ahead.x - p.x, ahead.z - p.z);
    let gap = to.length() - 0.25 * h;
    let dir = to.normalize_or_zero();
    let own = Vec2::new(going.x, going.z).length();
    let pace = (own + gap.max(0.0) / 0.25).min(*speed).min(gap.max(0.0) / dt as f32 + own);
    let vel = dir * pace;
    body.set_linvel(Vector::new(vel.x, v.y, vel.y), true);
    if dir != Vec2::ZERO {
        let want = (-dir.y).atan2(dir.x);
        let d = (want - a.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        a.yaw += d.clamp(-8.0 * dt as f32, 8.0 * dt as f32);
    }
    o.target = gait_pose(&mut a.gait_phase, ir::Gait::Run, pace, h, &c.legs, dt);
    o.planted = true;
    // Close: stoop (hips down, torso forward, arms down and forward) as low as it is.
    let close = (1.0 - gap / (0.6 * h)).clamp(0.0, 1.0);
    let low = (1.0 - (q.y - p.y + 0.5 * h).max(0.0) / h).clamp(0.0, 1.0);
    let stoop = close * low;
    o.target.drop = o.target.drop.max(0.28 * stoop);
    o.target.lean = o.target.lean.max(1.25 * stoop);
    o.target.shoulder = [0.9 * stoop + o.target.shoulder[0] * (1.0 - stoop), 0.9 * stoop + o.target.shoulder[1] * (1.0 - stoop)];
    o.target.elbow = [0.2, 0.2];
    let r = prop_radius(&scene.props[*prop]);
    // Taken: in the hands' reach, or stooped over it (the hands gather it in from there).
    let beside = Vec2::new(q.x - p.x, q.z - p.z).length() < r + 0.35 * h && a.pose.drop > 0.2;
    if close > 0.5 && (beside || c.hand_now.is_some_and(|hand| q.distance(hand) < r + 0.15 * h)) {
        o.caught = Some(*prop);
        o.finished = true;
        return;
    }
    let _ = (t0, item);
    if t >= *until {
        story.notes.push(format!("`{}` did not catch `{}` in time", actor.name, scene.props[*prop].name));
        o.finished = true;
    }
}

/// Put: the arm reaches the thing to its spot (the hand just above it), lowers it there over
/// the middle of the motion, lets go, and comes back.
pub(crate) fn put(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, dt, v, p, actor, .. } = *c;
    let Stage::Put { prop: _, spot, duration, pickup, done } = stage else { unreachable!() };
    let u = ((t + dt - t0) / *duration) as f32;
    let ease = |x: f32| {
        let x = x.clamp(0.0, 1.0);
        x * x * (3.0 - 2.0 * x)
    };
    // Face the spot over the first part.
    let dir = Vec2::new(spot.x - p.x, spot.z - p.z);
    if dir.length() > 1e-3 && u < 0.4 {
        let want = (-dir.y).atan2(dir.x);
        let d = (want - a.yaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        a.yaw += d * 0.2;
    }
    let reach = ease(u / 0.45).min(1.0 - ease((u - 0.75) / 0.25));
    o.target = Pose { lean: 0.25 * reach, ..Pose::standing() };
    let root = Vec3::new(p.x, p.y, p.z) + a.root_offset;
    let arm = crate::balance::reach_palm(actor, root, a.yaw, &o.target, Vec3::new(0.3, 0.15, 0.6), *spot + Vec3::Y * 0.04 * c.h);
    let rest = Vec3::new(o.target.shoulder[RIGHT], o.target.abduct[RIGHT], o.target.elbow[RIGHT]);
    let arm = rest.lerp(arm, reach);
    (o.target.shoulder[RIGHT], o.target.abduct[RIGHT], o.target.elbow[RIGHT]) = (arm.x, arm.y, arm.z);
    o.exact = true;
    body.set_linvel(Vector::new(0.0, v.y, 0.0), true);
    if let (Some(f), true) = (*pickup, u < 0.3) {
        o.pickup = Some((f, ease(u / 0.3)));
    } else if !*done {
        let k = ease((u - 0.3) / 0.35);
        o.place = Some((*spot, k, u >= 0.68));
        *done = u >= 0.68;
    }
    o.finished = u >= 1.0;
}
