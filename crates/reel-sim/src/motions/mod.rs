//! Each step of a figure's running motion, one module per motion family. `ActorSim::control`
//! gathers what a motion sees (`Ctx`), hands the body and the stage to the family's function,
//! and applies what it decided (`Out`): the target pose, a kinematic path, a catch, a throw.

mod gestures;
mod handling;
mod jumps;
mod locomotion;
mod seating;
mod wheel;

pub(crate) use gestures::*;
pub(crate) use handling::*;
pub(crate) use jumps::*;
pub(crate) use locomotion::*;
pub(crate) use seating::*;
pub(crate) use wheel::*;

pub(crate) use crate::actor::{ActorSim, Flip, Stage};
pub(crate) use crate::*;
pub(crate) use rapier3d::prelude::RigidBody;

/// What a motion sees in one step: the scene, the figure, the clock, the body's velocity and
/// position, and where the prop or point it is about is.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub(crate) scene: &'a ir::Scene,
    pub(crate) actor: &'a ir::Actor,
    /// The figure's height, metres.
    pub(crate) h: f32,
    /// Its legs' proportions.
    pub(crate) legs: crate::skeleton::Legs,
    pub(crate) t: f64,
    pub(crate) dt: f64,
    pub(crate) v: Vector,
    pub(crate) p: Vector,
    /// The prop a push, throw or catch is about, where it is now.
    pub(crate) focus: Option<Vec3>,
    /// Where a throw aims.
    pub(crate) aim_at: Option<Vec3>,
    /// The right hand now (only while catching).
    pub(crate) hand_now: Option<Vec3>,
}

/// What a motion decided in one step, besides the body's velocity and the stage.
pub(crate) struct Out {
    pub(crate) target: Pose,
    pub(crate) finished: bool,
    /// Legs placed exactly (not smoothed), so planted feet stay planted.
    pub(crate) planted: bool,
    /// The whole pose exactly as targeted.
    pub(crate) exact: bool,
    /// A kinematic path's next root position.
    pub(crate) next_root: Option<Vec3>,
    pub(crate) caught: Option<usize>,
    /// A throw lets go of this prop, aimed at this point.
    pub(crate) release: Option<(usize, Vec3)>,
    /// Where a picked-up prop comes from, and how far into the hand it is.
    pub(crate) pickup: Option<(Vec3, f32)>,
    /// A put lowers the held prop toward this spot, this far (0 in the hand, 1 there), and
    /// lets go of it there when the flag is set.
    pub(crate) place: Option<(Vec3, f32, bool)>,
    /// A kick's foot meets this prop and sends it off so.
    pub(crate) kick: Option<(usize, ir::Launch)>,
}
