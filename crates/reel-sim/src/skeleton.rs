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
        r[rig::PELVIS] = Quat::from_rotation_y(yaw) * rz(-pose.tumble[0]) * Quat::from_rotation_x(pose.tumble[1]);
        r[rig::SPINE_01] = r[rig::PELVIS] * rz(-pose.lean);
        r[rig::SPINE_02] = r[rig::SPINE_01];
        r[rig::SPINE_03] = r[rig::SPINE_02];
        r[rig::NECK] = r[rig::SPINE_03];
        r[rig::HEAD] = r[rig::NECK] * rz(-pose.head_pitch);
        for s in [LEFT, RIGHT] {
            let side = if s == LEFT { -1.0 } else { 1.0 };
            r[rig::CLAVICLE[s]] = r[rig::SPINE_03];
            r[rig::UPPERARM[s]] = r[rig::CLAVICLE[s]] * Quat::from_rotation_x(side * pose.abduct[s]) * rz(pose.shoulder[s]);
            r[rig::LOWERARM[s]] = r[rig::UPPERARM[s]] * rz(pose.elbow[s]);
            r[rig::HAND[s]] = r[rig::LOWERARM[s]];
            let (hip, knee) = (pose.hip[s] + bend, pose.knee[s] + 2.0 * bend);
            r[rig::THIGH[s]] = r[rig::PELVIS] * rz(hip);
            r[rig::CALF[s]] = r[rig::THIGH[s]] * rz(-knee);
            // The foot stays level with the pelvis.
            r[rig::FOOT[s]] = r[rig::CALF[s]] * rz(knee - hip);
            r[rig::BALL[s]] = r[rig::FOOT[s]];
        }
        r
    }

    /// Every bone's place for a figure posed `pose`, its hip centre (standing) at `root`.
    /// Also returns the pose model's rotations (without `align`), which the segmented
    /// figures' parts hang from.
    pub fn pose(&self, root: Vec3, yaw: f32, pose: &Pose) -> ([BonePose; BONE_COUNT], [Quat; BONE_COUNT]) {
        let leg = (self.legs.thigh + self.legs.shin) * self.height_m;
        let drop_frac = pose.drop.clamp(0.0, 0.6);
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
