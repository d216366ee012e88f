//! Simulate: `Ir` → `Bake`. A rapier3d world steps story time at a fixed rate; motion
//! controllers drive each actor's root through physics (velocities and impulses, never
//! teleports) and pose its limbs procedurally; events (takeoff, apex, landing) are found by
//! watching the simulation. Then the two clocks map screen time to story time (a `freeze`
//! holds story time still) and the cameras are evaluated per screen frame.
//!
//! Deterministic: fixed timestep, no wall clock, no hash-map order, rapier's
//! enhanced-determinism feature.
//!
//! How it is built: `Ir` → `Bake`. `lib.rs`: the rapier3d world, actor controllers, event
//! detection; `humanoid.rs`: skeleton and forward kinematics, and the planted gait (two-bone IK
//! puts the stance foot back under the hip at the body's speed, one stride per gait cycle, so
//! feet do not slide); `clock.rs`: story ↔ screen time through warps (freeze = rate 0, slowmo =
//! rate F, a speed ramp = a factor linear in screen time); `camera.rs`: shots and moves;
//! `bake.rs`: the versioned output; `bake_file.rs`: its files, binary (`REELBAKE`, a CBOR
//! header, CBOR frames, a frame index at the end: a chunk reads only its frames) or JSON, told
//! apart by their first bytes and validated on read against the scene's limits
//! (`ir::output_limits`), the model budget and finite numbers. Before story time the world
//! settles for 0.1 s with props held still (their velocity zeroed each step), so frame 0 shows
//! them where declared and a starting overlap is resolved without speed (noted in the bake)
//! Climbing and sitting move the body kinematically along a path and hand it back to physics at
//! rest; pushing enables a box collider at the hands (placed each step where forward kinematics
//! puts them); a held prop is kinematic and a sensor at the right hand until a throw lets it go
//! with the ballistic velocity to its aim

/// The bake (crate `reel-bake`), re-exported where the simulation's callers look for it.
pub mod bake {
    pub use reel_bake::*;
}
pub use reel_bake::file as bake_file;
mod actor;
mod baking;
mod balance;
mod camera;
mod clock;
mod goals;
pub mod humanoid;
mod motions;
mod poses;
mod props;
mod reach;
mod sight;
pub mod skeleton;
mod skins;
mod world;

pub use clock::{Clock, Warp};
pub use reel_bake::{
    Bake, BakedEvent, CameraPose, Environment, FigureDesc, Frame, LightDesc, NodeDesc, Shape, SkinMesh, SkyKind, Surface, TargetView, Xform, BAKE_VERSION,
    BONE_COUNT,
};

use glam::{Quat, Vec2, Vec3};
use humanoid::{Pose, LEFT, RIGHT};
use rapier3d::prelude::{CoefficientCombineRule, ColliderBuilder, ColliderHandle, PhysicsWorld, RigidBodyBuilder, RigidBodyHandle, RigidBodyType, Vector};
use reel_ir::{self as ir, Event, Motion, Start};
use std::collections::BTreeMap;

use actor::*;
pub use baking::bake_from_story;
use baking::*;
use poses::*;
use props::*;
use reach::*;
pub use world::simulate_story;
use world::*;

/// Physics steps per second of story time.
pub const STEP_HZ: f64 = 240.0;
/// Longest story the simulation will run when the scene leaves it open.
pub const MAX_STORY_SECS: f64 = 600.0;
/// How long a landing takes to absorb (the `landing` phase).
pub const LANDING_SECS: f64 = 0.45;
/// The crouch before a jump.
pub const JUMP_PREP_SECS: f64 = 0.1;
/// How long a prop must stay still to count as resting.
pub const REST_SECS: f64 = 0.3;
/// Balls that never settle stop holding the story open after this.
pub const BALL_MAX_SECS: f64 = 60.0;
/// Story time added after the last motion ends.
pub const TAIL_SECS: f64 = 1.0;

/// What the simulation knows of one actor at one physics step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    pub(crate) root: Vec3,
    pub(crate) yaw: f32,
    pub(crate) pose: Pose,
}

/// The recorded story: per actor, one sample per step.
#[derive(Clone)]
pub struct Story {
    pub(crate) dt: f64,
    pub(crate) samples: Vec<Vec<Sample>>,
    /// Dynamic props (balls): prop index → (centre, rotation) per step.
    pub(crate) prop_samples: BTreeMap<usize, Vec<(Vec3, Quat)>>,
    pub events: BTreeMap<(String, Event), f64>,
    /// Predicted phase lengths (flight from the launch velocity; landing is fixed).
    pub(crate) phase_secs: BTreeMap<(String, Event), f64>,
    pub notes: Vec<String>,
}

impl Story {
    pub fn end_secs(&self) -> f64 {
        let steps = self.samples.iter().map(|s| s.len()).chain(self.prop_samples.values().map(|s| s.len())).max().unwrap_or(1);
        (steps.max(1) - 1) as f64 * self.dt
    }
    fn sample(&self, actor: usize, t: f64) -> Sample {
        let s = &self.samples[actor];
        let x = (t / self.dt).clamp(0.0, (s.len() - 1) as f64);
        let i = (x.floor() as usize).min(s.len() - 1);
        let j = (i + 1).min(s.len() - 1);
        let f = (x - i as f64) as f32;
        let (a, b) = (&s[i], &s[j]);
        let mut dyaw = b.yaw - a.yaw;
        dyaw = (dyaw + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        Sample { root: a.root.lerp(b.root, f), yaw: a.yaw + dyaw * f, pose: a.pose.lerp(&b.pose, f) }
    }
    fn sample_prop(&self, prop: usize, t: f64) -> Option<(Vec3, Quat)> {
        let s = self.prop_samples.get(&prop)?;
        let x = (t / self.dt).clamp(0.0, (s.len() - 1) as f64);
        let i = (x.floor() as usize).min(s.len() - 1);
        let j = (i + 1).min(s.len() - 1);
        let f = (x - i as f64) as f32;
        Some((s[i].0.lerp(s[j].0, f), s[i].1.slerp(s[j].1, f)))
    }
    /// Centre of a dynamic prop at story time `t` (for tests and tools).
    pub fn prop_at(&self, prop: usize, t: f64) -> Option<[f32; 3]> {
        self.sample_prop(prop, t).map(|(p, _)| p.into())
    }
    /// Rotation (quaternion x, y, z, w) of a dynamic prop at story time `t`.
    pub fn prop_rotation_at(&self, prop: usize, t: f64) -> Option<[f32; 4]> {
        self.sample_prop(prop, t).map(|(_, q)| q.to_array())
    }
    /// Story time of `binding.event`, if it happened.
    pub fn event(&self, e: &ir::EventRef) -> Option<f64> {
        self.events.get(&(e.binding.clone(), e.event)).copied()
    }
    /// An actor's joint angles at story time `t` (for tests and tools).
    pub fn pose_at(&self, actor: usize, t: f64) -> Pose {
        self.sample(actor, t).pose
    }
    /// The direction an actor faces at story time `t`, radians about +y (0: +x).
    pub fn yaw_at(&self, actor: usize, t: f64) -> f32 {
        self.sample(actor, t).yaw
    }
    /// Height of an actor's root at story time `t` (for tests and tools).
    pub fn root_at(&self, actor: usize, t: f64) -> [f32; 3] {
        self.sample(actor, t).root.into()
    }
}

pub fn simulate(scene: &ir::Scene) -> Bake {
    let story = simulate_story(scene, None);
    bake_from_story(scene, story)
}

pub fn event_name(e: Event) -> &'static str {
    match e {
        Event::Start => "start",
        Event::Takeoff => "takeoff",
        Event::Apex => "apex",
        Event::Landing => "landing",
        Event::Flight => "flight",
        Event::End => "end",
        Event::Rests => "rests",
        Event::Contact => "contact",
        Event::Release => "release",
        Event::Leaves => "leaves",
        Event::Bounce(n) => {
            ["bounce", "second_bounce", "third_bounce", "fourth_bounce", "fifth_bounce"].get((n as usize).wrapping_sub(1)).copied().unwrap_or("bounce")
        }
    }
}

/// The static boxes a prop is built of: (centre, half extents, rotation). Tables, chairs,
/// walls and ramps; dynamic props have none.
pub fn prop_boxes(p: &ir::Prop) -> Vec<(Vec3, Vec3, Quat)> {
    let base = Vec3::from(p.position_m);
    // Table and chair parts are laid out unturned, then turned about the prop's base.
    let turn = Quat::from_rotation_y(p.yaw_rad());
    let turned = |parts: Vec<(Vec3, Vec3, Quat)>| parts.into_iter().map(|(c, h, _)| (base + turn * (c - base), h, turn)).collect();
    match p.kind {
        ir::PropKind::Table { .. } | ir::PropKind::Chair { .. } | ir::PropKind::Bin { .. } => turned(unturned_parts(p, base)),
        ir::PropKind::Block { size_m: [x, y, z], dynamic: false, .. } => {
            vec![(base + Vec3::Y * (y / 2.0), Vec3::new(x / 2.0, y / 2.0, z / 2.0), block_turn(p))]
        }
        // A tree's trunk, up to the crown's middle; the leaves are not solid.
        ir::PropKind::Tree { height_m, crown_m } => {
            let (t, trunk) = (ir::TREE_TRUNK * height_m, height_m - crown_m);
            vec![(base + Vec3::Y * (trunk / 2.0), Vec3::new(t, trunk / 2.0, t), Quat::IDENTITY)]
        }
        _ => Vec::new(),
    }
}

/// A tree's crown: its centre and size (x, y, z), a little flattened.
pub fn tree_crown(p: &ir::Prop) -> Option<(Vec3, Vec3)> {
    let ir::PropKind::Tree { height_m, crown_m } = p.kind else { return None };
    let centre = Vec3::from(p.position_m) + Vec3::Y * (height_m - 0.9 * crown_m);
    Some((centre, Vec3::new(2.0 * crown_m, 1.8 * crown_m, 2.0 * crown_m)))
}

/// A table's or chair's parts before its turn: top or seat, legs, a chair's back last.
fn unturned_parts(p: &ir::Prop, base: Vec3) -> Vec<(Vec3, Vec3, Quat)> {
    match p.kind {
        ir::PropKind::Table { size_m: [l, h, d], .. } => {
            let top_t = (0.04 * h).clamp(0.01, 0.06);
            let leg = (0.04 * l.min(d)).clamp(0.02, 0.08);
            let mut v = vec![(base + Vec3::new(0.0, h - top_t / 2.0, 0.0), Vec3::new(l / 2.0, top_t / 2.0, d / 2.0), Quat::IDENTITY)];
            v.extend(legs(base, l, d, h - top_t, leg));
            v
        }
        ir::PropKind::Chair { size_m: [w, h, d], seat_m, .. } => {
            let seat_t = (0.08 * seat_m).clamp(0.01, 0.05);
            let leg = (0.08 * w.min(d)).clamp(0.01, 0.05);
            let mut v = vec![(base + Vec3::new(0.0, seat_m - seat_t / 2.0, 0.0), Vec3::new(w / 2.0, seat_t / 2.0, d / 2.0), Quat::IDENTITY)];
            v.extend(legs(base, w, d, seat_m - seat_t, leg));
            let back_h = h - seat_m;
            v.push((base + Vec3::new(-w / 2.0 + leg / 2.0, seat_m + back_h / 2.0, 0.0), Vec3::new(leg / 2.0, back_h / 2.0, d / 2.0), Quat::IDENTITY));
            v
        }
        // The bottom, then the walls: -x, +x, -z, +z (between the x walls).
        ir::PropKind::Bin { size_m: [w, h, d], wall_m: t, .. } => {
            let (hx, hz) = (w / 2.0, d / 2.0);
            vec![
                (base + Vec3::Y * (t / 2.0), Vec3::new(hx, t / 2.0, hz), Quat::IDENTITY),
                (base + Vec3::new(-hx + t / 2.0, h / 2.0, 0.0), Vec3::new(t / 2.0, h / 2.0, hz), Quat::IDENTITY),
                (base + Vec3::new(hx - t / 2.0, h / 2.0, 0.0), Vec3::new(t / 2.0, h / 2.0, hz), Quat::IDENTITY),
                (base + Vec3::new(0.0, h / 2.0, -hz + t / 2.0), Vec3::new(hx - t, h / 2.0, t / 2.0), Quat::IDENTITY),
                (base + Vec3::new(0.0, h / 2.0, hz - t / 2.0), Vec3::new(hx - t, h / 2.0, t / 2.0), Quat::IDENTITY),
            ]
        }
        _ => Vec::new(),
    }
}
