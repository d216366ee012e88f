//! A cartwheel or round-off over planted hands (one written without `up`): the arms go
//! overhead, then the body turns over about its facing axis like a wheel, carried
//! kinematically so that its lowest point, a foot or a palm, stays on the ground it started
//! on; about upside down both palms rest on it (the lower arm goes out to the side:
//! `plant_hands` in the controller). Takeoff is the step the feet leave the ground, the apex
//! the step it passes upside down, the landing the step it is back on both feet, upright.

use super::*;
use crate::skeleton::Skeleton;

/// Raising the arms before the hands go down.
pub(crate) const WHEEL_PREP_SECS: f64 = 0.3;
/// How long the turn takes for a figure 1.6 m tall (it scales with the square root of the
/// height, as a pendulum's swing does).
const WHEEL_SECS: f64 = 1.1;
/// How much of the turn's pace is kept through the handstand (0: a stop upside down).
const HANDSTAND_PACE: f32 = 0.6;

/// The wheel's duration for a figure `h` metres tall.
pub(crate) fn wheel_secs(h: f32) -> f64 {
    WHEEL_SECS * (h as f64 / 1.6).sqrt()
}

/// The turn at fraction `u` of the wheel: a full turn, slower through upside down.
fn roll_at(u: f32) -> f32 {
    use std::f32::consts::PI;
    let x = 2.0 * u.clamp(0.0, 1.0) - 1.0;
    PI + PI * ((1.0 - HANDSTAND_PACE) * x * x * x + HANDSTAND_PACE * x)
}

/// How high the root must be over the ground for `pose` at (x, z): resting on its lowest
/// foot or palm, or, about upside down, low enough that both palms reach the ground.
fn root_height(skeleton: &Skeleton, at: Vec3, yaw: f32, pose: &Pose) -> (f32, f32) {
    let (bones, rot) = skeleton.pose(at, yaw, pose);
    let h = skeleton.height_m;
    // The soles: the ankle's height above them and the toes' at rest.
    let sole = [rig_foot(0), rig_foot(1)].map(|(f, b)| (bones[f].position.y - skeleton.legs.sole * h).min(bones[b].position.y - skeleton.rest[b].y.max(0.0)));
    let palm = [LEFT, RIGHT].map(|s| skeleton.palm(&bones, &rot, s).y);
    let feet_low = sole[0].min(sole[1]);
    let lowest = feet_low.min(palm[0]).min(palm[1]);
    let both_palms = palm[0].max(palm[1]);
    let off = (pose.tumble[1].rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI).abs();
    let w = ((off - 20f32.to_radians()) / 15f32.to_radians()).clamp(0.0, 1.0);
    let w = w * w * (3.0 - 2.0 * w);
    let low = both_palms + (lowest - both_palms) * w;
    (at.y - low, feet_low - at.y)
}

fn rig_foot(s: usize) -> (usize, usize) {
    (reel_model::rig::FOOT[s], reel_model::rig::BALL[s])
}

pub(crate) fn wheel(a: &mut ActorSim, c: &Ctx, o: &mut Out, _body: &mut RigidBody, story: &mut Story, t0: f64, item: usize, stage: &mut Stage) {
    let Ctx { actor, t, dt, .. } = *c;
    let Stage::Wheel { from, yaw0, forward, turns, ground_y, off_ground, upside_down } = stage else { unreachable!() };
    let skeleton = Skeleton::of(actor);
    let handstand = Skeleton::handstand();
    let el = t + dt - t0;
    o.next_root = Some(*from);
    if el < WHEEL_PREP_SECS {
        // Arms up, leaning into the turn.
        o.target = Pose { lean: 0.1, tumble: [0.0; 3], ..handstand };
        return;
    }
    let u = ((el - WHEEL_PREP_SECS) / wheel_secs(actor.height_m)) as f32;
    let s = u.clamp(0.0, 1.0);
    let ease = s * s * (3.0 - 2.0 * s);
    let sign = turns.roll.signum();
    a.yaw = *yaw0 + turns.yaw * ease;
    let roll = if u >= 1.0 { 0.0 } else { sign * roll_at(u) };
    let pose = Pose { tumble: [0.0, roll, 0.0], ..if u >= 1.0 { Pose::standing() } else { handstand } };
    let along = Vec3::new(yaw0.cos(), 0.0, -yaw0.sin()) * (*forward * ease);
    let at = Vec3::new(from.x + along.x, 0.0, from.z + along.z);
    let (height, feet) = root_height(&skeleton, at, a.yaw, &pose);
    let root = Vec3::new(at.x, *ground_y + height, at.z) - a.root_offset;
    o.next_root = Some(root);
    o.target = pose;
    o.exact = true;
    let item = &a.items[item];
    let feet_up = height + feet > 0.01 * actor.height_m;
    if feet_up && !*off_ground {
        *off_ground = true;
        ActorSim::emit(story, item, Event::Takeoff, t + dt);
    }
    if u >= 0.5 && !*upside_down {
        *upside_down = true;
        ActorSim::emit(story, item, Event::Apex, t + dt);
    }
    if u >= 1.0 {
        ActorSim::emit(story, item, Event::Landing, t + dt);
        a.flip = None;
        o.finished = true;
    } else {
        a.flip = Some(Flip { turns: *turns, ground_y: *ground_y, launched_at: t0, flight: wheel_secs(actor.height_m), yaw0: *yaw0 });
    }
}
