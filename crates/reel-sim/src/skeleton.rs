//! The skeleton every figure is posed on (`reel_model::rig::BONES`): where each bone starts
//! at rest, the proportions of its legs, and forward kinematics from a `Pose` to each bone's
//! place in the world.
//!
//! A bone's world rotation is what the pose model says (`R`: lean, hip and knee pitches, arm
//! swings, the tumble of a flip), times a fixed `align` that first turns the bone from its
//! rest direction in the model (a MakeHuman body stands in an A-pose) to the pose model's
//! (arms and legs hanging straight down). A child bone starts where its parent's transform
//! puts its rest position, so a skinned mesh never tears at a joint and keeps its own
//! lengths.

use crate::humanoid::{Pose, LEFT, RIGHT};
use glam::{Quat, Vec3};
use reel_ir as ir;
use reel_model::rig::{self, BONE_COUNT, PARENT};

/// Leg proportions, in fractions of the figure's height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Legs {
    /// The pelvis joint (the physics root) above the soles, standing straight.
    pub hip_height: f32,
    /// The hip joints below the pelvis joint.
    pub hip_below_pelvis: f32,
    pub thigh: f32,
    pub shin: f32,
    /// The ankle above the sole.
    pub sole: f32,
}

/// A joint's range of motion about one axis, in degrees (flexion positive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub joint: &'static str,
    pub motion: &'static str,
    pub min_deg: f32,
    pub max_deg: f32,
}

/// The anatomical ranges every pose is held to (docs/people.md prints this table). From
/// the American Academy of Orthopaedic Surgeons' normal values (Greene & Heckman, "The
/// Clinical Measurement of Joint Motion", AAOS 1994), but for the ankle's dorsiflexion,
/// which is the weight-bearing range (the lunge test: Bennell et al. 1998, about 45°).
pub const LIMITS: [Limit; 9] = [
    Limit { joint: "spine", motion: "flexion (lean)", min_deg: -25.0, max_deg: 80.0 },
    Limit { joint: "neck", motion: "flexion (head pitch)", min_deg: -45.0, max_deg: 45.0 },
    Limit { joint: "shoulder", motion: "flexion", min_deg: -60.0, max_deg: 180.0 },
    Limit { joint: "shoulder", motion: "abduction", min_deg: -30.0, max_deg: 180.0 },
    Limit { joint: "elbow", motion: "flexion", min_deg: 0.0, max_deg: 150.0 },
    Limit { joint: "hip", motion: "flexion", min_deg: -30.0, max_deg: 120.0 },
    Limit { joint: "knee", motion: "flexion", min_deg: 0.0, max_deg: 135.0 },
    Limit { joint: "ankle", motion: "dorsiflexion", min_deg: -50.0, max_deg: 45.0 },
    Limit { joint: "wrist", motion: "flexion", min_deg: -70.0, max_deg: 80.0 },
];
const SPINE: usize = 0;
const NECK_L: usize = 1;
/// How far the head turns each way about the neck (cervical rotation), radians.
pub const WATCH_YAW: f32 = 70.0 * std::f32::consts::PI / 180.0;
/// How far a watching head tips down or up, radians: well inside the neck's flexion, since
/// the eyes look further.
pub const WATCH_PITCH: f32 = 0.6;
const SHOULDER_FLEX: usize = 2;
const SHOULDER_ABD: usize = 3;
const ELBOW: usize = 4;
const HIP: usize = 5;
const KNEE: usize = 6;
const ANKLE: usize = 7;

fn clamp_deg(v_rad: f32, l: usize) -> f32 {
    v_rad.clamp(LIMITS[l].min_deg.to_radians(), LIMITS[l].max_deg.to_radians())
}

/// The deepest crouch, as a fraction of the leg: where the ankle reaches its dorsiflexion
/// limit with the feet flat (the crouch bends the ankle by `acos(1 - drop)`).
pub fn max_drop() -> f32 {
    1.0 - LIMITS[ANKLE].max_deg.to_radians().cos()
}

/// Capsules around the bones, what limbs keep out of: (from bone, to bone, radius in
/// heights); from a bone to itself is a sphere at its start.
pub const CAPSULES: [(usize, usize, f32); 15] = [
    (rig::SPINE_01, rig::NECK, 0.075),
    (rig::UPPERARM[0], rig::LOWERARM[0], 0.025),
    (rig::LOWERARM[0], rig::HAND[0], 0.022),
    (rig::UPPERARM[1], rig::LOWERARM[1], 0.025),
    (rig::LOWERARM[1], rig::HAND[1], 0.022),
    (rig::THIGH[0], rig::CALF[0], 0.045),
    (rig::CALF[0], rig::FOOT[0], 0.032),
    (rig::THIGH[1], rig::CALF[1], 0.045),
    (rig::CALF[1], rig::FOOT[1], 0.032),
    (rig::FOOT[0], rig::BALL[0], 0.022),
    (rig::FOOT[1], rig::BALL[1], 0.022),
    (rig::HAND[0], rig::HAND[0], 0.02),
    (rig::HAND[1], rig::HAND[1], 0.02),
    (rig::HEAD, rig::HEAD, 0.06),
    (rig::PELVIS, rig::PELVIS, 0.07),
];

/// Where a capsule's axis runs in posed bones.
pub fn capsule_ends(bones: &[BonePose; BONE_COUNT], c: (usize, usize, f32)) -> (Vec3, Vec3) {
    (bones[c.0].position, bones[c.1].position)
}

/// The shortest distance between segments `a0 a1` and `b0 b1`.
pub fn segment_distance(a0: Vec3, a1: Vec3, b0: Vec3, b1: Vec3) -> f32 {
    let (d1, d2, r) = (a1 - a0, b1 - b0, a0 - b0);
    let (a, e, f) = (d1.length_squared(), d2.length_squared(), d2.dot(r));
    let (s, t) = if a <= 1e-12 && e <= 1e-12 {
        (0.0, 0.0)
    } else if a <= 1e-12 {
        (0.0, (f / e).clamp(0.0, 1.0))
    } else {
        let c = d1.dot(r);
        if e <= 1e-12 {
            ((-c / a).clamp(0.0, 1.0), 0.0)
        } else {
            let b = d1.dot(d2);
            let denom = a * e - b * b;
            let mut s = if denom > 1e-12 { ((b * f - c * e) / denom).clamp(0.0, 1.0) } else { 0.0 };
            let mut t = (b * s + f) / e;
            if t < 0.0 {
                t = 0.0;
                s = (-c / a).clamp(0.0, 1.0);
            } else if t > 1.0 {
                t = 1.0;
                s = ((b - c) / a).clamp(0.0, 1.0);
            }
            (s, t)
        }
    };
    (a0 + d1 * s).distance(b0 + d2 * t)
}

/// The palm's centre past the wrist, in heights.
pub const PALM: f32 = 0.04;

/// How far a skinned body's arms hang out from straight down at rest.
pub const ARM_HANG_OUT_RAD: f32 = 0.16;

/// The mannequin's proportions (and every built-in figure's).
pub const MANNEQUIN_LEGS: Legs = Legs { hip_height: 0.52, hip_below_pelvis: 0.0, thigh: 0.245, shin: 0.235, sole: 0.038 };

#[derive(Debug, Clone, PartialEq)]
pub struct Skeleton {
    /// Each bone's start at rest, in metres at the figure's height (body frame, soles at 0).
    pub rest: [Vec3; BONE_COUNT],
    /// Turns each bone from its rest direction to the pose model's.
    pub align: [Quat; BONE_COUNT],
    pub legs: Legs,
    pub height_m: f32,
}

/// One bone's place in the world: where it starts, and its rotation (the mesh's, `align`
/// included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BonePose {
    pub position: Vec3,
    pub rotation: Quat,
}

impl Skeleton {
    /// A figure's skeleton: from its rest positions when it is skinned, else the built-in
    /// proportions every segmented figure has.
    pub fn of(actor: &ir::Actor) -> Skeleton {
        match actor.rest_m.as_deref().filter(|r| r.len() == BONE_COUNT) {
            Some(rest) => Skeleton::from_rest(rest.iter().map(|p| Vec3::from(*p)).collect::<Vec<_>>().try_into().unwrap(), actor.height_m),
            None => Skeleton::mannequin(actor.height_m),
        }
    }

    /// The built-in figure: joints where its parts have always been.
    pub fn mannequin(h: f32) -> Skeleton {
        use crate::humanoid::{FOREARM as fore, HEAD_CENTRE, HIP_HEIGHT, SHIN, SHOULDER_HEIGHT as shoulder, THIGH, UPPER_ARM as upper};
        let mut rest = [Vec3::ZERO; BONE_COUNT];
        let y = |v: f32| Vec3::new(0.0, v, 0.0);
        rest[rig::PELVIS] = y(HIP_HEIGHT);
        rest[rig::SPINE_01] = y(HIP_HEIGHT + 0.05);
        rest[rig::SPINE_02] = y(HIP_HEIGHT + 0.14);
        rest[rig::SPINE_03] = y(HIP_HEIGHT + 0.22);
        rest[rig::NECK] = y(0.82);
        rest[rig::HEAD] = Vec3::new(0.01, HEAD_CENTRE, 0.0);
        for s in [LEFT, RIGHT] {
            let z = if s == LEFT { -1.0 } else { 1.0 };
            rest[rig::CLAVICLE[s]] = Vec3::new(0.0, shoulder, z * 0.03);
            rest[rig::UPPERARM[s]] = Vec3::new(0.0, shoulder, z * 0.125);
            rest[rig::LOWERARM[s]] = Vec3::new(0.0, shoulder - upper, z * 0.125);
            rest[rig::HAND[s]] = Vec3::new(0.0, shoulder - upper - fore, z * 0.125);
            rest[rig::THIGH[s]] = Vec3::new(0.0, HIP_HEIGHT, z * 0.055);
            rest[rig::CALF[s]] = Vec3::new(0.0, HIP_HEIGHT - THIGH, z * 0.055);
            rest[rig::FOOT[s]] = Vec3::new(0.0, HIP_HEIGHT - THIGH - SHIN, z * 0.055);
            rest[rig::BALL[s]] = Vec3::new(0.08, 0.01, z * 0.055);
        }
        Skeleton { rest: rest.map(|p| p * h), align: [Quat::IDENTITY; BONE_COUNT], legs: MANNEQUIN_LEGS, height_m: h }
    }

    /// A skinned figure's skeleton from where its bones start at rest.
    pub fn from_rest(rest: [Vec3; BONE_COUNT], h: f32) -> Skeleton {
        let mut align = [Quat::IDENTITY; BONE_COUNT];
        let down = -Vec3::Y;
        for s in [LEFT, RIGHT] {
            // A body's arms hang a little out from its sides, clear of its hips.
            let out = if s == LEFT { -1.0 } else { 1.0 } * ARM_HANG_OUT_RAD.tan();
            let arm_down = Vec3::new(0.0, -1.0, out).normalize();
            for (bone, child, to) in [
                (rig::UPPERARM[s], rig::LOWERARM[s], arm_down),
                (rig::LOWERARM[s], rig::HAND[s], arm_down),
                (rig::THIGH[s], rig::CALF[s], down),
                (rig::CALF[s], rig::FOOT[s], down),
            ] {
                let dir = (rest[child] - rest[bone]).normalize_or(down);
                align[bone] = Quat::from_rotation_arc(dir, to);
            }
            // The hand keeps its rest relation to the forearm.
            align[rig::HAND[s]] = align[rig::LOWERARM[s]];
        }
        let h = h.max(1e-3);
        let len = |a: usize, b: usize| (rest[a] - rest[b]).length() / h;
        let hip_below_pelvis = (rest[rig::PELVIS].y - (rest[rig::THIGH[0]].y + rest[rig::THIGH[1]].y) / 2.0) / h;
        let thigh = (len(rig::CALF[0], rig::THIGH[0]) + len(rig::CALF[1], rig::THIGH[1])) / 2.0;
        let shin = (len(rig::FOOT[0], rig::CALF[0]) + len(rig::FOOT[1], rig::CALF[1])) / 2.0;
        let sole = (rest[rig::FOOT[0]].y + rest[rig::FOOT[1]].y) / 2.0 / h;
        let legs = Legs { hip_height: hip_below_pelvis + thigh + shin + sole, hip_below_pelvis, thigh, shin, sole };
        Skeleton { rest, align, legs, height_m: h }
    }

    /// The world rotation of each bone by the pose model (without `align`), with the figure
    /// turned to `yaw` and tumbled by the pose.
    fn pose_rotations(&self, yaw: f32, pose: &Pose, bend: f32) -> [Quat; BONE_COUNT] {
        let rz = Quat::from_rotation_z;
        let mut r = [Quat::IDENTITY; BONE_COUNT];
        r[rig::PELVIS] = Quat::from_rotation_y(yaw) * rz(-pose.tumble[0]) * Quat::from_rotation_x(pose.tumble[1]) * Quat::from_rotation_y(pose.tumble[2]);
        r[rig::SPINE_01] = r[rig::PELVIS] * rz(-clamp_deg(pose.lean, SPINE));
        r[rig::SPINE_02] = r[rig::SPINE_01];
        r[rig::SPINE_03] = r[rig::SPINE_02];
        r[rig::NECK] = r[rig::SPINE_03];
        let turn = pose.head_yaw.clamp(-WATCH_YAW, WATCH_YAW);
        r[rig::HEAD] = r[rig::NECK] * Quat::from_rotation_y(turn) * rz(-clamp_deg(pose.head_pitch, NECK_L));
        for s in [LEFT, RIGHT] {
            let side = if s == LEFT { -1.0 } else { 1.0 };
            r[rig::CLAVICLE[s]] = r[rig::SPINE_03];
            let (abduct, flex) = (clamp_deg(pose.abduct[s], SHOULDER_ABD), clamp_deg(pose.shoulder[s], SHOULDER_FLEX));
            // Abduction takes the arm out to its own side (−z for the left).
            r[rig::UPPERARM[s]] = r[rig::CLAVICLE[s]] * Quat::from_rotation_x(-side * abduct) * rz(flex);
            r[rig::LOWERARM[s]] = r[rig::UPPERARM[s]] * rz(clamp_deg(pose.elbow[s], ELBOW));
            r[rig::HAND[s]] = r[rig::LOWERARM[s]];
            let (hip, knee) = (clamp_deg(pose.hip[s] + bend, HIP), clamp_deg(pose.knee[s] + 2.0 * bend, KNEE));
            r[rig::THIGH[s]] = r[rig::PELVIS] * rz(hip);
            r[rig::CALF[s]] = r[rig::THIGH[s]] * rz(-knee);
            // The foot stays level with the pelvis, as far as the ankle bends.
            r[rig::FOOT[s]] = r[rig::CALF[s]] * rz(clamp_deg(knee - hip, ANKLE));
            r[rig::BALL[s]] = r[rig::FOOT[s]];
        }
        r
    }

    /// Every bone's place for a figure posed `pose`, its hip centre (standing) at `root`;
    /// an arm that would pass into the body or a thigh is raised out to the side until it
    /// clears them. Also returns the pose model's rotations (without `align`), which the
    /// segmented figures' parts hang from.
    pub fn pose(&self, root: Vec3, yaw: f32, pose: &Pose) -> ([BonePose; BONE_COUNT], [Quat; BONE_COUNT]) {
        let mut pose = *pose;
        let mut out = self.pose_exactly(root, yaw, &pose);
        for _ in 0..4 {
            let mut moved = false;
            for s in [LEFT, RIGHT] {
                let depth = self.arm_depth(&out.0, s);
                if depth > 0.0 {
                    let reach = (self.rest[rig::HAND[s]] - self.rest[rig::UPPERARM[s]]).length().max(1e-3);
                    pose.abduct[s] += depth / reach + 0.02;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
            out = self.pose_exactly(root, yaw, &pose);
        }
        out
    }

    /// The pose of a cartwheel's support: upside down, arms straight overhead.
    pub fn handstand() -> Pose {
        Pose {
            shoulder: [0.0, 0.0],
            abduct: [2.95, 2.95],
            elbow: [0.0, 0.0],
            hip: [0.0, 0.0],
            knee: [0.1, 0.1],
            tumble: [0.0, std::f32::consts::PI, 0.0],
            ..Pose::standing()
        }
    }

    /// Where a hand's palm is: past the wrist along the hand, `PALM` heights.
    pub fn palm(&self, bones: &[BonePose; BONE_COUNT], rot: &[Quat; BONE_COUNT], s: usize) -> Vec3 {
        bones[rig::HAND[s]].position + rot[rig::HAND[s]] * -Vec3::Y * (PALM * self.height_m)
    }

    /// How deep arm `s` (upper arm, forearm and hand) is in the torso, the pelvis or its
    /// thigh.
    fn arm_depth(&self, bones: &[BonePose; BONE_COUNT], s: usize) -> f32 {
        let c = self.capsules();
        let arm = [c[1 + 2 * s], c[1 + 2 * s + 1], c[11 + s]];
        let body = [c[0], c[14], c[5 + 2 * s], c[13]];
        let mut depth = 0.0f32;
        for (k, a) in arm.iter().enumerate() {
            // The upper arm starts at the shoulder, beside the torso: only its elbow end
            // can go into the torso.
            for b in body.iter().skip(usize::from(k == 0)) {
                let (a0, a1) = capsule_ends(bones, *a);
                let (b0, b1) = capsule_ends(bones, *b);
                depth = depth.max(a.2 + b.2 - segment_distance(a0, a1, b0, b1));
            }
        }
        depth
    }

    /// `CAPSULES` for this figure, radii in metres: the torso and pelvis no wider than its
    /// own shoulders and hips leave room for.
    pub fn capsules(&self) -> [(usize, usize, f32); 15] {
        let h = self.height_m;
        let shoulder = (0..2).map(|s| (self.rest[rig::UPPERARM[s]].z - self.rest[rig::SPINE_03].z).abs()).fold(f32::MAX, f32::min);
        let hip = (0..2).map(|s| (self.rest[rig::THIGH[s]].z - self.rest[rig::PELVIS].z).abs()).fold(f32::MAX, f32::min);
        let mut c = CAPSULES.map(|(a, b, r)| (a, b, r * h));
        c[0].2 = c[0].2.min(0.7 * shoulder);
        c[14].2 = c[14].2.min(1.2 * hip);
        c
    }

    fn pose_exactly(&self, root: Vec3, yaw: f32, pose: &Pose) -> ([BonePose; BONE_COUNT], [Quat; BONE_COUNT]) {
        let leg = (self.legs.thigh + self.legs.shin) * self.height_m;
        let drop_frac = pose.drop.clamp(0.0, max_drop());
        // Two-bone IK for the crouch: the feet stay where they were while the hips drop.
        let bend = (1.0 - drop_frac).acos();
        let r = self.pose_rotations(yaw, pose, bend);
        let mut out = [BonePose { position: Vec3::ZERO, rotation: Quat::IDENTITY }; BONE_COUNT];
        for b in 0..BONE_COUNT {
            let rotation = r[b] * self.align[b];
            let position = match PARENT[b] {
                None => root - Vec3::Y * (drop_frac * leg),
                Some(p) => out[p].position + out[p].rotation * (self.rest[b] - self.rest[p]),
            };
            out[b] = BonePose { position, rotation };
        }
        (out, r)
    }
}

/// One joint's angle in a posed skeleton, degrees, against its limit (`LIMITS[limit]`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JointAngle {
    pub limit: usize,
    /// `l`, `r` or ` ` (the spine and neck).
    pub side: char,
    pub deg: f32,
}

/// Every limited joint's angle, measured from posed bones (world rotations with `align`,
/// as a bake carries them): the child's rotation in its parent's frame, with `align` taken
/// off both, decomposed about the joint's axes.
pub fn joint_angles(bones: &[Quat; BONE_COUNT], align: &[Quat; BONE_COUNT]) -> Vec<JointAngle> {
    let pose_rot = |b: usize| bones[b] * align[b].inverse();
    let local = |parent: usize, child: usize| pose_rot(parent).inverse() * pose_rot(child);
    // The angle about z of a rotation that is (mostly) about z.
    let about_z = |q: Quat| {
        let (axis, angle) = q.to_axis_angle();
        (angle * axis.z).to_degrees()
    };
    let mut out = vec![
        JointAngle { limit: SPINE, side: ' ', deg: -about_z(local(rig::PELVIS, rig::SPINE_01)) },
        JointAngle { limit: NECK_L, side: ' ', deg: -about_z(local(rig::NECK, rig::HEAD)) },
    ];
    for s in [LEFT, RIGHT] {
        let (side, c) = (if s == LEFT { -1.0 } else { 1.0 }, if s == LEFT { 'l' } else { 'r' });
        // The shoulder: abduction about x, then flexion about z.
        // The shoulder is `rx(θ) · rz(flexion)`: the turn about x is where it takes the z
        // axis (flexion leaves z alone), and what is left is the flexion.
        let q = local(rig::CLAVICLE[s], rig::UPPERARM[s]);
        let z_axis = q * Vec3::Z;
        let theta = (-z_axis.y).atan2(z_axis.z);
        out.push(JointAngle { limit: SHOULDER_ABD, side: c, deg: (-side * theta).to_degrees() });
        out.push(JointAngle { limit: SHOULDER_FLEX, side: c, deg: about_z(Quat::from_rotation_x(theta).inverse() * q) });
        out.push(JointAngle { limit: ELBOW, side: c, deg: about_z(local(rig::UPPERARM[s], rig::LOWERARM[s])) });
        let hip = about_z(local(rig::PELVIS, rig::THIGH[s]));
        let knee = -about_z(local(rig::THIGH[s], rig::CALF[s]));
        out.push(JointAngle { limit: HIP, side: c, deg: hip });
        out.push(JointAngle { limit: KNEE, side: c, deg: knee });
        out.push(JointAngle { limit: ANKLE, side: c, deg: about_z(local(rig::CALF[s], rig::FOOT[s])) });
        out.push(JointAngle { limit: 8, side: c, deg: about_z(local(rig::LOWERARM[s], rig::HAND[s])) });
    }
    out
}

/// The joints outside their limits (by more than `slack_deg`).
pub fn outside_limits(angles: &[JointAngle], slack_deg: f32) -> Vec<String> {
    angles
        .iter()
        .filter(|a| a.deg < LIMITS[a.limit].min_deg - slack_deg || a.deg > LIMITS[a.limit].max_deg + slack_deg)
        .map(|a| {
            format!(
                "{} {} {}: {:.1}° outside {}..{}°",
                LIMITS[a.limit].joint, a.side, LIMITS[a.limit].motion, a.deg, LIMITS[a.limit].min_deg, LIMITS[a.limit].max_deg
            )
        })
        .collect()
}
