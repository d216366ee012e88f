//! What the engine implements for the names the standard library declares: the framing of
//! each shot, the body part of each part name. The declarations themselves (parameters,
//! units, defaults, events, docs) live in `stdlib/*.scene`; see `stdlib.rs`.

pub use super::stdlib::{lib, MotionSpec, PropSpec};
use reel_ir::{Framing, Part};

pub const PARTS: &[(&str, Part)] = &[
    ("head", Part::Head),
    ("torso", Part::Torso),
    ("pelvis", Part::Pelvis),
    ("left_hand", Part::LeftHand),
    ("right_hand", Part::RightHand),
    ("left_foot", Part::LeftFoot),
    ("right_foot", Part::RightFoot),
];

/// Framed shots and their framing.
pub const SHOTS: &[(&str, Framing)] = &[
    ("extreme_closeup", Framing::ExtremeCloseup),
    ("closeup", Framing::Closeup),
    ("medium", Framing::Medium),
    ("wide", Framing::Wide),
    ("extreme_wide", Framing::ExtremeWide),
    ("low_angle", Framing::LowAngle),
    ("high_angle", Framing::HighAngle),
    ("top_down", Framing::TopDown),
];

/// Every builtin the engine implements; a test checks the stdlib declares exactly these.
pub const IMPLEMENTED: &[&str] = &[
    "walk",
    "run",
    "sprint",
    "jump",
    "swing",
    "wave",
    "idle",
    "backflip",
    "frontflip",
    "cartwheel",
    "roundoff",
    "raise_arms",
    "turn",
    "face",
    "kick",
    "point",
    "stop",
    "land",
    "jump_down",
    "climb",
    "sit",
    "balance",
    "push",
    "throw",
    "put",
    "catch",
    "mark",
    "stagger",
    "crouch",
    "bow",
    "watch",
    "chase",
    "lie_down",
    "animate",
    "launch",
    "extreme_closeup",
    "closeup",
    "medium",
    "wide",
    "extreme_wide",
    "low_angle",
    "high_angle",
    "top_down",
    "follow",
    "track",
    "orbit",
    "cut",
    "slowmo",
    "dolly",
    "truck",
    "pedestal",
    "crane",
    "pan",
    "tilt",
    "zoom",
    "dolly_zoom",
    "look",
    "two_shot",
    "over_shoulder",
    "roll",
    "handheld",
    "rack",
    "place",
    "from",
];

pub fn motion_spec(verb: &str) -> Option<&'static MotionSpec> {
    lib().motion(verb)
}

/// The properties of an archetype (or settings block) declared in the stdlib.
pub fn props_of(archetype: &str) -> &'static [PropSpec] {
    lib().props(archetype)
}
