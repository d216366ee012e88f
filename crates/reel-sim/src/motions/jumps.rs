//! Jumps and flips: the crouch and the impulse, the ballistic flight found by the physics,
//! landings.

use super::*;

pub(crate) fn jump_prep(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, story: &mut Story, t0: f64, item: usize, stage: &mut Stage) {
    let Ctx { scene, t, dt, v, .. } = *c;
    let Stage::JumpPrep { up, forward, turns, onto, carry } = stage else { unreachable!() };

    let turns = *turns;
    let u = ((t - t0) / JUMP_PREP_SECS) as f32;
    o.target = Pose { drop: 0.28 * u.min(1.0), lean: 0.35, shoulder: [-0.8, -0.8], elbow: [0.4, 0.4], ..Pose::standing() };
    if turns.roll != 0.0 {
        // A cartwheel raises its arms overhead before the hands go down.
        let up = crate::skeleton::Skeleton::handstand();
        (o.target.shoulder, o.target.abduct, o.target.elbow, o.target.lean) = (up.shoulder, up.abduct, up.elbow, 0.1);
    }
    // Keep the run's momentum through the crouch (a running jump's last step).
    if *carry && a.path_velocity.length() > 0.3 {
        body.set_linvel(Vector::new(a.path_velocity.x, v.y, a.path_velocity.y), true);
    }
    if t - t0 + dt >= JUMP_PREP_SECS {
        // Launch: the impulse that gives apex `up` and lands `forward` ahead, or lands on
        // the spot `onto` names.
        let g = scene.world.gravity_mps2.max(1e-3);
        let (vy, flight, fwd) = match onto {
            Some(target) => onto_launch(c, a, *target, *up, g),
            None => {
                let vy = (2.0 * g * *up).sqrt();
                let flight = 2.0 * vy / g;
                // A running jump keeps the run's speed (the crouch slowed it least).
                let now = Vec2::new(v.x, v.z);
                let along = if now.length() >= a.path_velocity.length() { now } else { a.path_velocity };
                let keep = if *carry && along.length() > 0.3 { along } else { Vec2::new(a.yaw.cos(), -a.yaw.sin()) * (*forward / flight) };
                (vy, flight, keep)
            }
        };
        let m = body.mass();
        let dv = Vector::new(fwd.x - v.x, vy - v.y, fwd.y - v.z);
        body.apply_impulse(dv * m, true);
        if let Some(b) = &a.items[item].binding {
            story.phase_secs.insert((b.clone(), Event::Flight), flight as f64);
            story.phase_secs.insert((b.clone(), Event::Landing), LANDING_SECS);
        }
        *stage = Stage::JumpLaunched { launched_at: t + dt };
        let ground_y = c.p.y + a.root_offset.y - crate::skeleton::Skeleton::of(c.actor).legs.hip_height * c.actor.height_m;
        a.flip = (!turns.is_none()).then_some(Flip { turns, ground_y, launched_at: t + dt, flight: flight as f64, yaw0: a.yaw });
    }
}

/// The takeoff that lands the feet on `target` (a spot on a prop's top): the arc rises
/// `up` (or a quarter of the height) above the higher of takeoff and target, and the
/// horizontal speed covers the distance in the time the fall to the target takes.
/// Returns (vertical speed, flight time, horizontal velocity).
fn onto_launch(c: &Ctx, a: &mut ActorSim, target: Vec3, up: f32, g: f32) -> (f32, f32, Vec2) {
    let h = c.actor.height_m;
    let feet = c.p.y + a.root_offset.y - c.legs.hip_height * h;
    let rise = target.y - feet;
    let apex = rise.max(0.0) + if up > 0.0 { up } else { 0.25 * h };
    let vy = (2.0 * g * apex).sqrt();
    let flight = (vy + (vy * vy - 2.0 * g * rise).max(0.0).sqrt()) / g;
    let d = Vec2::new(target.x - c.p.x, target.z - c.p.z);
    if d.length() > 1e-4 {
        a.yaw = (-d.y).atan2(d.x);
    }
    (vy, flight, d / flight.max(1e-3))
}

/// In the air after a jump (launched, then in flight): the shape of a tuck or a flip.
pub(crate) fn jump_flight(a: &mut ActorSim, c: &Ctx, o: &mut Out, _body: &mut RigidBody, _story: &mut Story, _t0: f64, _item: usize, _stage: &mut Stage) {
    let Ctx { t, dt, .. } = *c;

    // Ballistic: nothing touches the velocity. Tuck and raise the arms.
    o.target = Pose {
        drop: 0.0,
        hip: [0.9, 0.25],
        knee: [1.4, 0.9],
        lean: 0.1,
        shoulder: [2.3, 2.6],
        abduct: [0.1, 0.1],
        elbow: [0.3, 0.2],
        head_pitch: 0.0,
        head_yaw: 0.0,
        tumble: [0.0; 3],
    };
    if let Some(f) = &a.flip {
        // A flip turns the body about its hips through the flight the physics
        // gives (2·v_y/g), eased so it is upright at takeoff and landing; a
        // tight tuck for somersaults, arms and legs spread for cartwheels.
        let u = ((t + dt - f.launched_at) / f.flight).clamp(0.0, 1.0) as f32;
        let k = u * u * (3.0 - 2.0 * u);
        o.target.tumble = [f.turns.pitch * k, f.turns.roll * k, 0.0];
        a.yaw = f.yaw0 + f.turns.yaw * k;
        if f.turns.roll != 0.0 {
            // Arms straight overhead, out through the sides, to plant the hands as the body
            // passes upside down.
            o.target = Pose { tumble: o.target.tumble, ..crate::skeleton::Skeleton::handstand() };
        } else {
            o.target.hip = [1.6, 1.6];
            o.target.knee = [2.0, 2.0];
            o.target.shoulder = [1.2, 1.2];
        }
    }
}

pub(crate) fn jump_landing(a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, _story: &mut Story, _t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { t, dt, .. } = *c;
    let Stage::JumpLanding { landed_at } = stage else { unreachable!() };

    if let Some(f) = a.flip.take() {
        // Upright on its feet, facing where the turn left it.
        a.yaw = f.yaw0 + f.turns.yaw;
    }
    // Landing from a running jump with a walk or run next: it runs on out of the landing
    // (a short give of the knees, the speed kept) instead of stopping to absorb it.
    let speed = Vec2::new(body.linvel().x, body.linvel().z);
    let runs_on = speed.length() > 1.0 && a.next_sequential().is_some_and(|k| matches!(a.items[k].motion, ir::Motion::Locomotion { .. }));
    if runs_on {
        a.path_velocity = speed;
        let u = ((t - *landed_at) / RUN_ON_SECS) as f32;
        o.target = Pose {
            drop: 0.15 * (u * std::f32::consts::PI).sin().max(0.0),
            lean: 0.2,
            ..gait_pose(&mut a.gait_phase, ir::Gait::Run, speed.length(), c.h, &c.legs, dt)
        };
        o.planted = true;
        o.finished = t - *landed_at >= RUN_ON_SECS;
        return;
    }
    o.target = landing_absorb(body, ((t - *landed_at) / LANDING_SECS) as f32, dt);
    if t - *landed_at >= LANDING_SECS {
        o.finished = true;
    }
}

/// How long a running landing gives before the run goes on.
const RUN_ON_SECS: f64 = 0.12;

pub(crate) fn land(_a: &mut ActorSim, c: &Ctx, o: &mut Out, body: &mut RigidBody, story: &mut Story, t0: f64, _item: usize, stage: &mut Stage) {
    let Ctx { actor, t, dt, .. } = *c;
    let Stage::Land { landed_at, duration } = stage else { unreachable!() };
    match landed_at {
        Some(la) => {
            o.target = landing_absorb(body, ((t - *la) / *duration) as f32, dt);
            o.finished = t - *la >= *duration;
        }
        None => {
            // Falling: knees bent, arms out for balance; nothing touches the velocity.
            o.target = Pose { hip: [0.35, 0.25], knee: [0.6, 0.5], shoulder: [0.9, 0.9], abduct: [0.7, 0.7], elbow: [0.3, 0.3], ..Pose::standing() };
            if t - t0 > 10.0 {
                story.notes.push(format!("`{}` waited 10s to land and never met a surface", actor.name));
                o.finished = true;
            }
        }
    }
}
