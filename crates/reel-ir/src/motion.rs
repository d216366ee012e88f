//! An actor's track: its items and the motions they run, with the paths and goals a
//! motion takes.

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorTrack {
    pub actor: usize,
    pub items: Vec<ActorItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorItem {
    pub start: Start,
    pub motion: Motion,
    pub binding: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gait {
    Walk,
    Run,
    Sprint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SwingDirection {
    Down,
    Up,
    Forward,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Motion {
    /// Move the feet through `via_m` to `target_m` (x, z) over the surface below, or
    /// `around` a centre, in `duration_secs` or at `speed_mps` (then `duration_secs` is 0).
    Locomotion {
        gait: Gait,
        target_m: [f32; 2],
        duration_secs: f32,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        via_m: Vec<[f32; 2]>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        around: Option<Around>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speed_mps: Option<f32>,
        /// To a thing, stopping `distance_m` short of it (then `target_m` is unused).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approach: Option<Approach>,
    },
    /// A ballistic jump: apex `up_m` above takeoff, landing `forward_m` ahead; with
    /// `turns`, the body rotates about its hips in the air (flips, cartwheels).
    Jump {
        up_m: f32,
        forward_m: f32,
        #[serde(default, skip_serializing_if = "Turns::is_none")]
        turns: Turns,
        /// A cartwheel or round-off whose height was left to reel: the hips rise just
        /// enough for the hands, overhead, to plant on the floor as the body passes
        /// upside down (`up_m` is then ignored).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        plant_hands: bool,
        /// Onto this prop's top: the simulation finds the takeoff that lands there (`up_m`
        /// is then the height of the arc above the higher of takeoff and top, or 0 for
        /// the figure's own choice).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        onto: Option<usize>,
        /// Over this prop: the takeoff that clears its top by `up_m` (or a fifth of the
        /// figure's height) and lands beyond its far side.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        over: Option<usize>,
        /// No `forward` was given: the figure keeps the horizontal speed it has (a running
        /// jump), instead of `forward_m` ahead.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        carry: bool,
    },
    /// Both arms raised above the head for `duration_secs` (a gymnast's finish).
    RaiseArms { duration_secs: f32 },
    /// Turn in place over `duration_secs`: by `by_rad` (positive: left, counter-clockwise
    /// seen from above), to face the heading `to_rad`, or toward a place.
    Turn {
        by_rad: Option<f32>,
        to_rad: Option<f32>,
        duration_secs: f32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        toward: Option<Place>,
    },
    /// A kick: one leg swings forward and back over `duration_secs`; with a `ball` (a
    /// dynamic prop), the figure steps up to it first and the foot sends it off as the
    /// launch says (straight ahead when it names no direction).
    Kick {
        side: Side,
        duration_secs: f32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ball: Option<(usize, Launch)>,
    },
    /// One arm held straight out ahead for `duration_secs`.
    Point { side: Side, duration_secs: f32 },
    /// Swing one arm; lasts `duration_secs`, or the phase when run `during` one.
    Swing { side: Side, direction: SwingDirection, duration_secs: f32 },
    /// Wave one arm above the head for `duration_secs`.
    Wave { side: Side, duration_secs: f32 },
    /// Stand; `None` holds until the end of the video.
    Idle { duration_secs: Option<f32> },
    /// Slow from the current speed to standing still over `duration_secs`.
    Stop { duration_secs: f32 },
    /// Wait to meet a surface, then absorb the landing with a crouch over `duration_secs`.
    Land { duration_secs: f32 },
    /// Climb onto the top of prop `prop` (an index into `Scene::props`).
    Climb { prop: usize, duration_secs: f32 },
    /// Sit on prop `prop`'s top (or the floor), getting down in `duration_secs`; stand up
    /// again after `hold_secs`, or stay seated (`None`).
    Sit { prop: Option<usize>, hold_secs: Option<f32>, duration_secs: f32 },
    /// Run after dynamic prop `prop` at up to `speed_mps` and catch it within reach, giving
    /// up after `duration_secs`.
    Chase { prop: usize, speed_mps: f32, duration_secs: f32 },
    /// Lie down on the back where the figure stands over `duration_secs`; get up again
    /// after `hold_secs`, or stay lying (`None`).
    LieDown {
        hold_secs: Option<f32>,
        duration_secs: f32,
        /// While lying, roll along the floor by this angle about the body's length (whole
        /// turns; positive toward the figure's left).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        roll_rad: Option<f32>,
    },
    /// Turn the head to keep a prop or an actor in view for `duration_secs`.
    Watch { target: Place, duration_secs: f32 },
    /// Lower the hips by `depth_m` over `duration_secs`, hold for `hold_secs`, stand up
    /// again over `duration_secs`.
    Crouch { depth_m: f32, hold_secs: f32, duration_secs: f32 },
    /// Bend forward from the hips by `angle_rad` over `duration_secs`, hold for `hold_secs`,
    /// straighten up again over `duration_secs`.
    Bow { angle_rad: f32, hold_secs: f32, duration_secs: f32 },
    /// Stand on one leg (`side`) for `duration_secs`.
    Balance { side: Side, duration_secs: f32 },
    /// Keep held prop `prop` upright on the right palm for `duration_secs`, moving the hand
    /// under it as it leans; then the hand stops and it falls.
    BalanceOnPalm { prop: usize, duration_secs: f32 },
    /// Walk up to dynamic prop `prop` and push it `by_m` with the hands.
    Push { prop: usize, by_m: f32, duration_secs: f32 },
    /// Put dynamic prop `prop` (held, or picked up within reach) down on prop `on`'s top, at
    /// `at_m` from its centre (x, z in the top's frame) or at its near edge, inset.
    Put { prop: usize, on: usize, at_m: Option<[f32; 2]>, duration_secs: f32 },
    /// Throw dynamic prop `prop` (held, or picked up within reach) to `target`.
    Throw { prop: usize, target: ThrowTarget, duration_secs: f32 },
    /// Catch dynamic prop `prop` when it comes within reach, waiting up to `duration_secs`.
    Catch { prop: usize, duration_secs: f32 },
    /// A named instant: its events `start` and `end` are when the track reaches it.
    Mark,
}

/// A walk round a centre: by `angle_rad` (positive: counter-clockwise seen from above), at
/// `radius_m` from it (reached first in a straight line), or at the distance the walker
/// stands from it when the walk starts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Around {
    pub center: Place,
    pub radius_m: Option<f32>,
    pub angle_rad: f32,
}

/// A walk to a thing that stops `distance_m` short of it: from a prop's nearest edge, from
/// an actor's centre.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Approach {
    pub thing: Place,
    pub distance_m: f32,
    /// A member's place in its group's formation (x, z): the group's centre walks to the
    /// thing, each member keeping this offset from it.
    #[serde(default, skip_serializing_if = "is_zero2")]
    pub formation_m: [f32; 2],
}

fn is_zero2(v: &[f32; 2]) -> bool {
    *v == [0.0, 0.0]
}
