//! Balancing a held thing upright on the palm. The thing is a free rigid body on a ball
//! joint at the palm; the hand is a kinematic point that moves under it as it leans (the
//! controller of an inverted pendulum on a cart), within the arm's reach. Nothing holds it up
//! but the hand's motion, so it can fall: when the balance ends the hand stops correcting and
//! the thing topples; leaning past `SLIP_RAD` it slips off the palm and falls free.

use super::*;
use rapier3d::prelude::{ImpulseJointHandle, SphericalJointBuilder};

pub(crate) struct Balancer {
    pub(crate) prop: usize,
    /// The hand balances until then; after, it only carries the thing until it falls.
    until: f64,
    /// The palm's kinematic body and the ball joint, made at the first step.
    link: Option<(RigidBodyHandle, ImpulseJointHandle)>,
    /// The palm point and its velocity (world space).
    at_m: Vec3,
    vel_mps: Vec3,
    /// Where the arm alone would hold the palm at the step before (for its velocity).
    nominal_before: Option<Vec3>,
    /// That point's velocity, smoothed over `SMOOTH_SECS` (the gait's bob taken out).
    nominal_vel_mps: Vec3,
    /// The right arm's angles (shoulder flexion, abduction, elbow) that put the hand at the palm
    /// point: the inverse kinematics starts from them at each step.
    arm: Vec3,
}

/// The arm that holds a thing up on the palm: upper arm forward and down, forearm up ahead.
const TRAY_ARM: Vec3 = Vec3::new(0.5, 0.2, 1.3);
/// The tilt loop's natural frequency and damping ratio (how fast the hand rights a lean).
const TILT_RAD_PER_S: f32 = 9.0;
const TILT_DAMPING: f32 = 0.9;
/// How strongly the hand drifts back to where the arm holds it (a slower outer loop).
const RETURN_PER_S2: f32 = 1.5;
const RETURN_PER_S: f32 = 2.0;
/// The most the outer loop leans the thing to steer the hand, in radians.
const STEER_RAD: f32 = 0.2;
/// The hand's quickest acceleration.
const HAND_MPS2: f32 = 40.0;
/// How far the hand can move from where the arm holds it, in heights.
const HAND_RANGE: f32 = 0.18;
/// Leaning further than this from upright, it slips off the palm.
const SLIP_RAD: f32 = 0.6;
/// A thing set on a palm is never quite upright: it starts leaning this much to the right.
const START_LEAN_RAD: f32 = 0.02;

/// How long the walk's velocity is smoothed over before the hand follows it.
const SMOOTH_SECS: f32 = 0.15;

/// How far above the hand's centre the palm's surface is, in heights.
const PALM_ABOVE: f32 = 0.02;

impl Balancer {
    pub(crate) fn new(prop: usize, until: f64) -> Balancer {
        Balancer { prop, until, link: None, at_m: Vec3::ZERO, vel_mps: Vec3::ZERO, nominal_before: None, nominal_vel_mps: Vec3::ZERO, arm: TRAY_ARM }
    }
}

/// The palm point of a figure at `root` with its right arm at `arm`.
fn palm_at(actor: &ir::Actor, root: Vec3, yaw: f32, pose: &Pose, arm: Vec3) -> Vec3 {
    let mut p = *pose;
    (p.shoulder[RIGHT], p.abduct[RIGHT], p.elbow[RIGHT]) = (arm.x, arm.y, arm.z);
    hand_at(actor, root, yaw, &p).1 + Vec3::Y * PALM_ABOVE * actor.height_m
}

/// The right arm's angles, from `arm`, that bring the palm nearest `target`: a few damped
/// Gauss-Newton steps with a finite-difference Jacobian, kept inside the joints' ranges.
pub(crate) fn reach_palm(actor: &ir::Actor, root: Vec3, yaw: f32, pose: &Pose, mut arm: Vec3, target: Vec3) -> Vec3 {
    const EPS: f32 = 1e-3;
    for _ in 0..3 {
        let at = palm_at(actor, root, yaw, pose, arm);
        let err = target - at;
        if err.length() < 1e-3 {
            break;
        }
        let col = |d: Vec3| (palm_at(actor, root, yaw, pose, arm + d) - at) / EPS;
        let j = glam::Mat3::from_cols(col(Vec3::X * EPS), col(Vec3::Y * EPS), col(Vec3::Z * EPS));
        let jt = j.transpose();
        let lhs = jt * j + glam::Mat3::from_diagonal(Vec3::splat(1e-3));
        if lhs.determinant().abs() < 1e-9 {
            break;
        }
        arm += lhs.inverse() * (jt * err);
        arm = arm.clamp(Vec3::new(-0.5, -0.3, 0.2), Vec3::new(1.6, 1.2, 2.4));
    }
    arm
}

impl ActorSim {
    /// One step of a balance on the palm (started by its overlay): place the palm where the
    /// controller puts it, the thing on its joint there, and the arm to reach it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn balance_step(
        &mut self,
        scene: &ir::Scene,
        actor: &ir::Actor,
        world: &mut PhysicsWorld,
        props: &PropBodies,
        story: &mut Story,
        root: Vec3,
        t: f64,
        dt: f64,
    ) {
        if self.balancing.is_none() {
            let Some(o) = self.overlays.iter_mut().find(|o| o.balance.is_some()) else { return };
            let prop = o.balance.take().unwrap_or_default();
            self.balancing = Some(Balancer::new(prop, o.t0 + o.duration));
        }
        let Some(mut bal) = self.balancing.take() else { return };
        let Some((body, collider)) = props.get(bal.prop).copied().flatten() else { return };
        let drawn = root + self.root_offset;
        let nominal = palm_at(actor, drawn, self.yaw, &self.pose, TRAY_ARM);
        let raw_vel = bal.nominal_before.map_or(Vec3::ZERO, |b| (nominal - b) / dt as f32);
        bal.nominal_before = Some(nominal);
        let before = bal.nominal_vel_mps;
        bal.nominal_vel_mps += (raw_vel - before) * (1.0 - (-(dt as f32) / SMOOTH_SECS).exp());
        let (nominal_vel, nominal_accel) = (bal.nominal_vel_mps, (bal.nominal_vel_mps - before) / dt as f32);
        let length = upright_height(&scene.props[bal.prop]);
        let Some((palm, _)) = bal.link.or_else(|| self.set_on_palm(&mut bal, scene, actor, world, story, (body, collider), nominal, length)) else {
            return;
        };
        let b = &world.bodies[body];
        let r = b.position().rotation;
        let up = Quat::from_xyzw(r.x, r.y, r.z, r.w) * Vec3::Y;
        let w = b.angvel();
        let up_rate = Vec3::new(w.x, w.y, w.z).cross(up);
        let lean = Vec2::new(up.x, up.z);
        if lean.length() > SLIP_RAD.sin() || up.y < 0.0 {
            if t < bal.until {
                story.notes.push(format!(
                    "`{}` fell from `{}`'s palm at {t:.2}s: it leaned faster than the hand could follow",
                    scene.props[bal.prop].name, actor.name
                ));
            }
            let (palm, joint) = bal.link.unwrap_or((palm, ImpulseJointHandle::invalid()));
            world.remove_impulse_joint(joint);
            world.remove_body(palm);
            return;
        }
        if t < bal.until {
            let steer = (nominal - bal.at_m) * RETURN_PER_S2 + (nominal_vel - bal.vel_mps) * RETURN_PER_S + nominal_accel;
            bal.vel_mps += self::hand_accel(lean, Vec2::new(up_rate.x, up_rate.z), steer, length, scene.world.gravity_mps2) * dt as f32;
            bal.at_m += bal.vel_mps * dt as f32;
            bal.at_m.y = nominal.y;
            let off = bal.at_m - nominal;
            let range = HAND_RANGE * actor.height_m;
            if off.length() > range {
                // At the arm's reach: the hand goes no further out (it still moves along it).
                let out = off / off.length();
                bal.at_m = nominal + out * range;
                let rel = bal.vel_mps - nominal_vel;
                bal.vel_mps -= out * rel.dot(out).max(0.0);
            }
        } else {
            // The hand stops under it: it only goes where the arm carries it.
            bal.vel_mps = nominal_vel;
            bal.at_m += nominal_vel * dt as f32;
        }
        world.bodies[palm].set_next_kinematic_translation(Vector::new(bal.at_m.x, bal.at_m.y, bal.at_m.z));
        bal.arm = reach_palm(actor, drawn, self.yaw, &self.pose, bal.arm, bal.at_m);
        (self.pose.shoulder[RIGHT], self.pose.abduct[RIGHT], self.pose.elbow[RIGHT]) = (bal.arm.x, bal.arm.y, bal.arm.z);
        self.balancing = Some(bal);
    }

    /// The first step: the thing (held, or within reach) stands on the palm, leaning a little,
    /// free on a ball joint there. `None` (with a note) when there is nothing to balance.
    #[allow(clippy::too_many_arguments)]
    fn set_on_palm(
        &mut self,
        bal: &mut Balancer,
        scene: &ir::Scene,
        actor: &ir::Actor,
        world: &mut PhysicsWorld,
        story: &mut Story,
        (body, collider): (RigidBodyHandle, ColliderHandle),
        palm: Vec3,
        length: f32,
    ) -> Option<(RigidBodyHandle, ImpulseJointHandle)> {
        let name = &scene.props[bal.prop].name;
        let c = world.bodies[body].translation();
        let centre = Vec3::new(c.x, c.y, c.z);
        if self.holding != Some(bal.prop) && centre.distance(palm) > REACH * actor.height_m {
            story.notes.push(format!("`{}` cannot balance `{name}`: it holds it neither in the hand nor within reach", actor.name));
            return None;
        }
        if self.holding == Some(bal.prop) {
            self.holding = None;
        }
        // Leaning to the figure's right.
        let right = Vec3::new(self.yaw.sin(), 0.0, self.yaw.cos());
        let tilt = Quat::from_axis_angle(right.cross(Vec3::Y).normalize(), -START_LEAN_RAD);
        let at = palm + tilt * Vec3::Y * (length / 2.0);
        world.colliders[collider].set_sensor(false);
        let b = &mut world.bodies[body];
        b.set_body_type(RigidBodyType::Dynamic, true);
        let rotation = rapier3d::math::Rotation::from_xyzw(tilt.x, tilt.y, tilt.z, tilt.w);
        b.set_position(rapier3d::math::Pose::from_parts(Vector::new(at.x, at.y, at.z), rotation), true);
        b.set_linvel(Vector::ZERO, true);
        b.set_angvel(Vector::ZERO, true);
        let palm_body = world.insert_body(RigidBodyBuilder::kinematic_position_based().translation(Vector::new(palm.x, palm.y, palm.z)).build());
        let joint = SphericalJointBuilder::new().local_anchor1(Vector::ZERO).local_anchor2(Vector::new(0.0, -length / 2.0, 0.0)).contacts_enabled(false);
        let handle = world.insert_impulse_joint(palm_body, body, joint);
        (bal.at_m, bal.vel_mps) = (palm, Vec3::ZERO);
        bal.link = Some((palm_body, handle));
        bal.link
    }
}

/// The hand's horizontal acceleration that rights a thing of `length` leaning `lean` (the
/// horizontal part of its up axis) and leaning faster by `lean_rate`, while steering the hand
/// with the acceleration `steer` (back toward where the arm holds it, and along with the
/// walk). A uniform rod on a pivot leans by θ'' = 3/(2L)·(g·θ − a); this `a` makes that
/// θ'' = −ω²(θ − θ_steer) − 2ζω·θ', where θ_steer = steer / g (at most STEER_RAD) is the lean
/// at which the hand accelerates by `steer`.
fn hand_accel(lean: Vec2, lean_rate: Vec2, steer: Vec3, length: f32, g: f32) -> Vec3 {
    let steer = (Vec2::new(steer.x, steer.z) / g.max(0.1)).clamp_length_max(STEER_RAD);
    let w = TILT_RAD_PER_S;
    let a = g * lean + (2.0 * length / 3.0) * (w * w * (lean - steer) + 2.0 * TILT_DAMPING * w * lean_rate);
    let a = a.clamp_length_max(HAND_MPS2);
    Vec3::new(a.x, 0.0, a.y)
}
