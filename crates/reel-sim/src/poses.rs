//! Procedural poses: landing, arm swings and waves, the run.

use super::*;

/// The crouch that absorbs a landing, `u` of the way through it; the feet's friction brings
/// the body to rest.
pub(crate) fn landing_absorb(body: &mut rapier3d::prelude::RigidBody, u: f32, dt: f64) -> Pose {
    let absorb = (u * std::f32::consts::PI).sin().max(0.0) * (1.0 - u).max(0.0).sqrt();
    let v = body.linvel();
    let k = (1.0 - (-dt as f32 / 0.05).exp()).min(1.0);
    body.set_linvel(Vector::new(v.x * (1.0 - k), v.y, v.z * (1.0 - k)), true);
    Pose { drop: 0.32 * absorb, lean: 0.4 * absorb, shoulder: [0.3, 0.3], elbow: [0.4, 0.4], ..Pose::standing() }
}

/// An arm motion as an overlay, or `None` for a motion that moves the body.
pub(crate) fn overlay_of(m: &Motion, item: usize, t0: f64, group: bool) -> Option<Overlay> {
    match *m {
        Motion::Swing { side, direction, duration_secs } => {
            Some(Overlay { side: side_index(side), dir: Some(direction), watch: None, balance: None, t0, duration: duration_secs as f64, item, group })
        }
        Motion::Wave { side, duration_secs } => {
            Some(Overlay { side: side_index(side), dir: None, watch: None, balance: None, t0, duration: duration_secs as f64, item, group })
        }
        Motion::Watch { target, duration_secs } => {
            Some(Overlay { side: 0, dir: None, watch: Some(target), balance: None, t0, duration: duration_secs as f64, item, group })
        }
        Motion::Point { side, duration_secs } => Some(Overlay {
            side: side_index(side),
            dir: Some(ir::SwingDirection::Forward),
            watch: None,
            balance: None,
            t0,
            duration: duration_secs as f64,
            item,
            group,
        }),
        Motion::BalanceOnPalm { prop, duration_secs } => {
            Some(Overlay { side: RIGHT, dir: None, watch: None, balance: Some(prop), t0, duration: duration_secs as f64, item, group })
        }
        _ => None,
    }
}

/// A wave `u` seconds into one of `duration`: the arm raised out through the side until
/// the hand is above the head, the forearm rocking twice a second. Returns (shoulder,
/// abduction, elbow).
pub(crate) fn wave_arm(u: f32, duration: f32) -> (f32, f32, f32) {
    let raise = (u / 0.25).min(1.0).min(((duration - u) / 0.25).max(0.0));
    (0.35 * raise, 0.08 + 2.3 * raise, (0.5 + 0.45 * (u * std::f32::consts::TAU * 2.0).sin()) * raise)
}

pub(crate) fn side_index(s: ir::Side) -> usize {
    match s {
        ir::Side::Left => LEFT,
        ir::Side::Right => RIGHT,
    }
}

/// One frame of a run cycle at phase `ph`, amplitude `amp` (0..1).
pub(crate) fn run_pose(ph: f32, amp: f32, lean: f32) -> Pose {
    let s = ph.sin();
    let knee = |p: f32| 0.25 + 1.3 * (0.5 + 0.5 * (p + 1.2).sin()).powi(2);
    Pose {
        lean,
        head_pitch: -lean * 0.6,
        head_yaw: 0.0,
        hip: [0.75 * amp * s, -0.75 * amp * s],
        knee: [amp * knee(ph), amp * knee(ph + std::f32::consts::PI)],
        shoulder: [-0.9 * amp * s, 0.9 * amp * s],
        abduct: [0.12, 0.12],
        elbow: [0.2 + 1.2 * amp, 0.2 + 1.2 * amp],
        drop: 0.05 * amp * (0.5 + 0.5 * (2.0 * ph).cos()),
        tumble: [0.0; 3],
    }
}

/// Shoulder pitch and elbow for a swing at fraction `u`.
pub(crate) fn swing_arm(dir: ir::SwingDirection, u: f32) -> (f32, f32) {
    let u = u.clamp(0.0, 1.0);
    let e = 1.0 - (1.0 - u).powi(3);
    let (from, to) = match dir {
        ir::SwingDirection::Down => (2.9, -0.35),
        ir::SwingDirection::Up => (-0.2, 2.9),
        ir::SwingDirection::Forward => (-0.6, 1.5),
    };
    (from + (to - from) * e, 0.1)
}
