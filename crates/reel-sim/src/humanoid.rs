//! The articulated humanoid: a skeleton of parts posed by joint angles (forward kinematics).
//! The root (hip centre) is placed by physics; the limbs are posed procedurally.
//!
//! Body frame: +x forward, +y up, +z to the figure's right. Pitch angles rotate about +z;
//! for a hanging limb a positive pitch swings it forward.

use super::bake::{NodeDesc, Shape, Surface, Xform};
use crate::skeleton::{Legs, Skeleton};
use glam::{Mat4, Quat, Vec3};
use reel_ir as ir;
use reel_model::rig;

/// Joint angles and offsets, in radians and fractions of the leg length.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pose {
    /// Torso lean forward.
    pub lean: f32,
    pub head_pitch: f32,
    /// The head's turn about the neck, positive to the figure's left.
    pub head_yaw: f32,
    pub hip: [f32; 2],
    pub knee: [f32; 2],
    pub shoulder: [f32; 2],
    /// Arm out to the side.
    pub abduct: [f32; 2],
    pub elbow: [f32; 2],
    /// Hip drop, as a fraction of the leg length (0 standing).
    pub drop: f32,
    /// The whole body's turn about the hips, radians: about its side-to-side axis
    /// (positive: head forward and down, a front flip) and about its facing (a cartwheel).
    /// Set exactly by the motion, never smoothed (it runs a full turn in a flight).
    /// Then (third) about its own length: a log roll, lying.
    pub tumble: [f32; 3],
}

pub const LEFT: usize = 0;
pub const RIGHT: usize = 1;

impl Pose {
    pub fn standing() -> Pose {
        Pose { elbow: [0.15, 0.15], abduct: [0.08, 0.08], ..Default::default() }
    }
    pub fn lerp(&self, o: &Pose, t: f32) -> Pose {
        let l = |a: f32, b: f32| a + (b - a) * t;
        let l2 = |a: [f32; 2], b: [f32; 2]| [l(a[0], b[0]), l(a[1], b[1])];
        Pose {
            lean: l(self.lean, o.lean),
            head_pitch: l(self.head_pitch, o.head_pitch),
            head_yaw: l(self.head_yaw, o.head_yaw),
            hip: l2(self.hip, o.hip),
            knee: l2(self.knee, o.knee),
            shoulder: l2(self.shoulder, o.shoulder),
            abduct: l2(self.abduct, o.abduct),
            elbow: l2(self.elbow, o.elbow),
            drop: l(self.drop, o.drop),
            tumble: o.tumble,
        }
    }
}

/// Proportions as fractions of the height.
pub const HIP_HEIGHT: f32 = 0.52;
pub const THIGH: f32 = 0.245;
pub const SHIN: f32 = 0.235;
pub const SHOULDER_HEIGHT: f32 = 0.80;
pub const UPPER_ARM: f32 = 0.16;
pub const FOREARM: f32 = 0.15;
pub const HEAD_CENTRE: f32 = 0.905;
pub const HEAD_SIZE: f32 = 0.15;
/// Collider: capsule radius as a fraction of the height.
pub const BODY_RADIUS: f32 = 0.11;

/// Every part any built-in figure shows, in node order: the segmented figure's parts
/// (`reel_model::FIGURE_PARTS`, which a segmented model names), then a monkey's ears and
/// tail. `shown` picks a kind's.
pub static PARTS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| reel_model::FIGURE_PARTS.iter().chain(&["ear_l", "ear_r", "tail_1", "tail_2", "tail_3"]).copied().collect());

/// The parts (indices into `PARTS`) a figure draws: none for a skinned one.
pub fn shown(actor: &ir::Actor) -> Vec<usize> {
    if actor.rest_m.is_some() {
        return Vec::new();
    }
    let base = 0..reel_model::FIGURE_PARTS.len();
    match actor.archetype {
        ir::Archetype::Monkey => base.filter(|&i| PARTS[i] != "headband").chain(reel_model::FIGURE_PARTS.len()..PARTS.len()).collect(),
        ir::Archetype::Mannequin => base.filter(|&i| !matches!(PARTS[i], "muzzle" | "eye_l" | "eye_r" | "nose")).collect(),
        _ => base.collect(),
    }
}

pub fn part_node_index(part: ir::Part) -> usize {
    let name = match part {
        ir::Part::Head => "head",
        ir::Part::Torso => "torso",
        ir::Part::Pelvis => "pelvis",
        ir::Part::LeftHand => "hand_l",
        ir::Part::RightHand => "hand_r",
        ir::Part::LeftFoot => "foot_l",
        ir::Part::RightFoot => "foot_r",
    };
    PARTS.iter().position(|p| *p == name).unwrap()
}

/// A rough size of a part (for framing it): its height in metres.
pub fn part_size(part: Option<ir::Part>, height_m: f32) -> f32 {
    height_m
        * match part {
            None => 1.0,
            Some(ir::Part::Head) => HEAD_SIZE * 1.25,
            Some(ir::Part::Torso) => 0.3,
            Some(ir::Part::Pelvis) => 0.15,
            Some(_) => 0.08,
        }
}

/// The look of a part of a figure of `kind`: shape, colour, surface.
fn part_look(kind: ir::Archetype, part: &str, color: [f32; 3]) -> (Shape, [f32; 3], Surface) {
    let dark = [0.02, 0.015, 0.01];
    let sphere = |c| (Shape::Sphere, c, Surface::Matte);
    match kind {
        ir::Archetype::Monkey => {
            let face = [0.80, 0.62, 0.48];
            let palm = [0.42, 0.30, 0.22];
            match part {
                "muzzle" => sphere(face),
                "eye_l" | "eye_r" => (Shape::Sphere, dark, Surface::Glossy),
                "nose" => sphere([0.2, 0.12, 0.09]),
                "hand_l" | "hand_r" | "foot_l" | "foot_r" => sphere(palm),
                "ear_l" | "ear_r" => sphere(color.map(|c| c * 0.8)),
                p if p.starts_with("tail") => (Shape::Cylinder, color, Surface::Matte),
                _ => sphere(color),
            }
        }
        ir::Archetype::Robot => {
            let metal = Surface::Finish { roughness: 0.35, metalness: 0.85, pattern: ir::Pattern::Plain, scale_m: 1.0 };
            let joint = [0.07, 0.07, 0.08];
            match part {
                "muzzle" => (Shape::Box, [0.02, 0.02, 0.025], Surface::Glossy),
                "eye_l" | "eye_r" => (Shape::Sphere, [0.25, 0.85, 1.0], Surface::Glossy),
                "nose" => (Shape::Sphere, [0.9, 0.15, 0.1], Surface::Glossy),
                "headband" => (Shape::Cylinder, joint, metal),
                "hand_l" | "hand_r" => (Shape::Sphere, joint, metal),
                _ => (Shape::Box, color, metal),
            }
        }
        ir::Archetype::Mannequin => match part {
            "headband" => (Shape::Cylinder, color, Surface::Finish { roughness: 0.55, metalness: 0.0, pattern: ir::Pattern::Plain, scale_m: 1.0 }),
            _ => (Shape::Sphere, color, Surface::Finish { roughness: 0.55, metalness: 0.0, pattern: ir::Pattern::Plain, scale_m: 1.0 }),
        },
        _ => match part {
            "muzzle" => sphere([0.93, 0.78, 0.62]),
            "eye_l" | "eye_r" | "nose" => (Shape::Sphere, dark, Surface::Glossy),
            "headband" => (Shape::Cylinder, [0.75, 0.05, 0.04], Surface::Glossy),
            "pelvis" | "thigh_l" | "thigh_r" => sphere([0.55, 0.08, 0.05]),
            "foot_l" | "foot_r" => sphere([0.12, 0.08, 0.05]),
            _ => sphere(color),
        },
    }
}

pub fn node_descs(actor: &ir::Actor, out: &mut Vec<NodeDesc>) {
    for i in shown(actor) {
        let (shape, color, surface) = part_look(actor.archetype, PARTS[i], actor.color);
        out.push(NodeDesc { name: format!("{}.{}", actor.name, PARTS[i]), shape, color, surface });
    }
    if let Some(h) = &actor.holds {
        out.push(NodeDesc { name: format!("{}.staff", actor.name), shape: Shape::Cylinder, color: h.color, surface: Surface::Glossy });
    }
}

/// A stride, in heights: how far the body travels in one full gait cycle (two steps). The
/// planted foot must move back under the hip by half of it, so it stays within the leg's
/// reach when the hips are lowered by `GAIT_DROP`.
pub const STRIDE: f32 = 0.8;
/// How much the hips sink while walking or running, as a fraction of the leg length, so the
/// legs can reach a planted foot ahead and behind.
pub const GAIT_DROP: f32 = 0.09;

/// Hip and knee angles (the `Pose` fields, net of the crouch `pose_nodes` adds for `drop`)
/// that put each foot where a planted gait wants it at gait phase `phase`: the stance foot
/// (half of each cycle) moves back under the hip by half a stride, in step with the body
/// moving forward at one stride per cycle, so it does not slide on the ground; the swing foot
/// comes forward, lifted by `lift` heights. Two-bone IK in the leg's plane.
pub fn planted_legs(legs: &Legs, phase: f32, drop: f32) -> ([f32; 2], [f32; 2]) {
    use std::f32::consts::{PI, TAU};
    // Where the ankle is below the hip when the sole is on the ground, in heights.
    let down = legs.hip_height - legs.hip_below_pelvis - legs.sole - drop * (legs.thigh + legs.shin);
    let bend = (1.0 - drop.clamp(0.0, 0.6)).acos();
    let mut hip = [0.0; 2];
    let mut knee = [0.0; 2];
    for side in [LEFT, RIGHT] {
        let ph = (phase + if side == LEFT { 0.0 } else { PI }).rem_euclid(TAU);
        let (x, y) = if ph < PI {
            // Stance: from a quarter stride ahead to a quarter behind, linearly in phase.
            (STRIDE * (0.25 - 0.5 * ph / PI), -down)
        } else {
            let u = (ph - PI) / PI;
            let k = u * u * (3.0 - 2.0 * u);
            (STRIDE * (-0.25 + 0.5 * k), -down + 0.07 * (PI * u).sin())
        };
        let (hh, kk) = leg_ik(legs, x, y);
        hip[side] = hh - bend;
        knee[side] = kk - 2.0 * bend;
    }
    (hip, knee)
}

/// Two-bone IK in the leg's plane: hip and knee angles that put the ankle `x` ahead of and
/// `y` above the hip joint (in heights), the knee bending forward. Out of reach: the leg
/// points there straight.
pub fn leg_ik(legs: &Legs, x: f32, y: f32) -> (f32, f32) {
    let (t, s) = (legs.thigh, legs.shin);
    let d = (x * x + y * y).sqrt().clamp((t - s).abs() + 1e-4, t + s - 1e-4);
    let knee_inner = ((t * t + s * s - d * d) / (2.0 * t * s)).clamp(-1.0, 1.0).acos();
    let beta = ((t * t + d * d - s * s) / (2.0 * t * d)).clamp(-1.0, 1.0).acos();
    (x.atan2(-y) + beta, std::f32::consts::PI - knee_inner)
}

/// The sole is this far below the ankle joint, in heights.
pub const SOLE_BELOW_ANKLE: f32 = 0.038;

struct Emit<'a> {
    out: &'a mut Vec<Xform>,
}

impl Emit<'_> {
    /// A shape with its own scale, placed by a joint frame plus a local offset.
    fn put(&mut self, frame: Mat4, offset: Vec3, scale: Vec3) {
        let (_, rot, _) = frame.to_scale_rotation_translation();
        let pos = frame.transform_point3(offset);
        self.out.push(Xform { translation: pos.into(), rotation: rot.to_array(), scale: scale.into() });
    }
}

/// World transforms of every part (in `PARTS` order, then the held item), hung from the
/// skeleton's bones. `root` is the hip centre in world space when standing (the physics
/// body's position).
pub fn pose_nodes(actor: &ir::Actor, root: Vec3, yaw: f32, pose: &Pose, out: &mut Vec<Xform>) {
    let skeleton = Skeleton::of(actor);
    let (bones, rot) = skeleton.pose(root, yaw, pose);
    let frame = |b: usize| Mat4::from_rotation_translation(rot[b], bones[b].position);
    let h = actor.height_m;
    let kind = actor.archetype;
    let boxy = kind == ir::Archetype::Robot;
    let mut e = Emit { out };
    let pelvis = frame(rig::PELVIS);
    e.put(pelvis, Vec3::new(0.0, 0.025 * h, 0.0), Vec3::new(0.13, 0.11, 0.19) * h);
    let torso = frame(rig::SPINE_01);
    e.put(torso, Vec3::new(0.0, 0.15 * h, 0.0), Vec3::new(0.14, 0.30, 0.21) * h);
    // The head's centre: the bone's start for built-in figures, above the neck for a body.
    let head = frame(rig::HEAD) * Mat4::from_translation(if actor.rest_m.is_some() { Vec3::new(0.02, 0.05, 0.0) * h } else { Vec3::ZERO });
    let hs = HEAD_SIZE * h;
    e.put(head, Vec3::ZERO, Vec3::splat(hs) * if boxy { Vec3::new(0.9, 0.85, 0.8) } else { Vec3::ONE });
    face(&mut e, head, hs, kind);
    for s in [LEFT, RIGHT] {
        e.put(frame(rig::UPPERARM[s]), Vec3::new(0.0, -0.5 * UPPER_ARM * h, 0.0), Vec3::new(0.055, UPPER_ARM * 1.15, 0.055) * h);
    }
    for s in [LEFT, RIGHT] {
        e.put(frame(rig::LOWERARM[s]), Vec3::new(0.0, -0.5 * FOREARM * h, 0.0), Vec3::new(0.048, FOREARM * 1.15, 0.048) * h);
    }
    for s in [LEFT, RIGHT] {
        e.put(frame(rig::HAND[s]), Vec3::new(0.0, -0.015 * h, 0.0), Vec3::splat(0.05 * h));
    }
    for s in [LEFT, RIGHT] {
        e.put(frame(rig::THIGH[s]), Vec3::new(0.0, -0.5 * THIGH * h, 0.0), Vec3::new(0.085, THIGH * 1.15, 0.085) * h);
    }
    for s in [LEFT, RIGHT] {
        e.put(frame(rig::CALF[s]), Vec3::new(0.0, -0.5 * SHIN * h, 0.0), Vec3::new(0.065, SHIN * 1.12, 0.065) * h);
    }
    for s in [LEFT, RIGHT] {
        e.put(frame(rig::FOOT[s]), Vec3::new(0.03 * h, -0.018 * h, 0.0), Vec3::new(0.11, 0.04, 0.055) * h);
    }
    // A monkey's ears and a tail curling up behind.
    for s in [LEFT, RIGHT] {
        let side = if s == LEFT { -1.0 } else { 1.0 };
        e.put(head, Vec3::new(-0.05, 0.12, side * 0.5) * hs, Vec3::new(0.16, 0.3, 0.1) * hs);
    }
    let mut at = pelvis * Mat4::from_translation(Vec3::new(-0.07 * h, 0.0, 0.0));
    for k in 0..3 {
        let seg = 0.09 * h;
        // Back and down from the rump, then curling up.
        at *= Mat4::from_rotation_z(if k == 0 { 2.3 } else { -0.7 });
        e.put(at, Vec3::new(0.0, 0.5 * seg, 0.0), Vec3::new(0.022 * h, seg * 1.1, 0.022 * h));
        at *= Mat4::from_translation(Vec3::new(0.0, seg, 0.0));
    }
    // The held staff: axis perpendicular to the forearm, gripped a third from its end.
    if let Some(held) = &actor.holds {
        let s = if held.hand == ir::Side::Left { LEFT } else { RIGHT };
        let grip = frame(rig::HAND[s]) * Mat4::from_quat(Quat::from_rotation_z(-std::f32::consts::FRAC_PI_2));
        let d = (0.065 * held.length_m).max(0.003);
        e.put(grip, Vec3::new(0.0, 0.17 * held.length_m, 0.0), Vec3::new(d, held.length_m, d));
    }
}

/// The face on the forward (+x) side of the head: muzzle, eyes, nose and the headband's
/// slot, each kind its own (a robot's visor, lenses, lamp and neck; a mannequin's neck).
fn face(e: &mut Emit, head: Mat4, hs: f32, kind: ir::Archetype) {
    match kind {
        ir::Archetype::Robot => {
            e.put(head, Vec3::new(0.38 * hs, 0.05 * hs, 0.0), Vec3::new(0.2, 0.3, 0.72) * hs);
            e.put(head, Vec3::new(0.48 * hs, 0.07 * hs, -0.17 * hs), Vec3::splat(0.14 * hs));
            e.put(head, Vec3::new(0.48 * hs, 0.07 * hs, 0.17 * hs), Vec3::splat(0.14 * hs));
            e.put(head, Vec3::new(0.0, 0.62 * hs, 0.0), Vec3::splat(0.12 * hs));
            e.put(head, Vec3::new(0.0, 0.5 * hs, 0.0), Vec3::new(0.04, 0.25, 0.04) * hs);
        }
        ir::Archetype::Mannequin => {
            // No face (those four are not shown); a neck below the head.
            for _ in 0..4 {
                e.put(head, Vec3::ZERO, Vec3::splat(0.1 * hs));
            }
            e.put(head, Vec3::new(-0.05 * hs, -0.55 * hs, 0.0), Vec3::new(0.42, 0.5, 0.42) * hs);
        }
        _ => {
            e.put(head, Vec3::new(0.36 * hs, -0.2 * hs, 0.0), Vec3::new(0.5, 0.45, 0.62) * hs);
            e.put(head, Vec3::new(0.42 * hs, 0.1 * hs, -0.19 * hs), Vec3::splat(0.17 * hs));
            e.put(head, Vec3::new(0.42 * hs, 0.1 * hs, 0.19 * hs), Vec3::splat(0.17 * hs));
            e.put(head, Vec3::new(0.6 * hs, -0.14 * hs, 0.0), Vec3::new(0.12, 0.09, 0.16) * hs);
            e.put(head, Vec3::new(0.0, 0.26 * hs, 0.0), Vec3::new(1.03, 0.14, 1.03) * hs);
        }
    }
}
