//! The vocabulary the checker knows: stdlib modules, archetypes and their properties,
//! motions and camera moves with their parameters, units, events and phases.

use super::args::{kw, pos, Kind, Param};
use super::units::Dim;
use super::PropSpec;
use crate::ir::{Event, Framing, Part};

pub const STDLIB: &[(&str, &[&str])] = &[("std.props", &["table", "staff", "ball"]), ("std.characters", &["humanoid"])];
pub const PROP_ARCHETYPES: &[&str] = &["table", "ball"];
pub const ACTOR_ARCHETYPES: &[&str] = &["humanoid"];
pub const HELD_ARCHETYPES: &[&str] = &["staff"];

const L: Kind = Kind::Q(Dim::Length);
const D: Kind = Kind::Q(Dim::Duration);

pub const SCENE_PROPS: &[PropSpec] = &[
    PropSpec { key: "resolution", params: &[pos("size", Kind::Resolution, true)] },
    PropSpec { key: "fps", params: &[pos("rate", Kind::Q(Dim::Unitless), true)] },
    PropSpec { key: "duration", params: &[pos("length", D, true)] },
];

pub const WORLD_PROPS: &[PropSpec] = &[
    PropSpec { key: "gravity", params: &[pos("strength", Kind::Q(Dim::Acceleration), true)] },
    PropSpec { key: "sky", params: &[pos("kind", Kind::Word(&["evening", "noon", "overcast"]), true)] },
    PropSpec { key: "sun", params: &[pos("settings", Kind::Block, true)] },
    PropSpec { key: "floor", params: &[pos("color", Kind::Color, true)] },
];

pub const SUN_PROPS: &[PropSpec] = &[
    PropSpec { key: "direction", params: &[pos("vector", Kind::Vec(3, Dim::Unitless), true)] },
    PropSpec { key: "strength", params: &[pos("value", Kind::Q(Dim::Unitless), true)] },
];

pub const TABLE_PROPS: &[PropSpec] = &[
    PropSpec { key: "size", params: &[pos("size", Kind::Vec(3, Dim::Length), true)] },
    PropSpec { key: "at", params: &[pos("position", Kind::Vec(2, Dim::Length), true)] },
    PropSpec { key: "color", params: &[pos("color", Kind::Color, true)] },
];

pub const BALL_PROPS: &[PropSpec] = &[
    PropSpec { key: "radius", params: &[pos("length", L, true)] },
    PropSpec { key: "color", params: &[pos("color", Kind::Color, true)] },
    PropSpec { key: "on", params: &[pos("surface", Kind::Name, true), kw("at", Kind::Vec(2, Dim::Length), false)] },
    PropSpec { key: "at", params: &[pos("position", Kind::Vec(3, Dim::Length), true)] },
    PropSpec { key: "velocity", params: &[pos("velocity", Kind::Vec(3, Dim::Speed), true)] },
    PropSpec { key: "material", params: &[pos("material", Kind::Word(&["rubber", "wood", "steel", "plastic"]), true)] },
    PropSpec { key: "bounciness", params: &[pos("restitution", Kind::Q(Dim::Unitless), true)] },
];

/// Events of a dynamic prop, referenced by the prop's name (`ball.rests`).
pub const PROP_EVENTS: &[(&str, Event)] = &[("rests", Event::Rests)];

pub const HUMANOID_PROPS: &[PropSpec] = &[
    PropSpec { key: "height", params: &[pos("length", L, true)] },
    PropSpec { key: "color", params: &[pos("color", Kind::Color, true)] },
    PropSpec { key: "on", params: &[pos("surface", Kind::Name, true), kw("at", Kind::Vec(2, Dim::Length), false), kw("facing", Kind::Axis, false)] },
    PropSpec {
        key: "holds",
        params: &[pos("item", Kind::Name, true), pos("settings", Kind::Block, false), kw("in", Kind::Word(&["right_hand", "left_hand"]), false)],
    },
    PropSpec { key: "at", params: &[pos("position", Kind::Vec(2, Dim::Length), true)] },
    PropSpec { key: "facing", params: &[pos("direction", Kind::Axis, true)] },
];

pub const STAFF_PROPS: &[PropSpec] =
    &[PropSpec { key: "length", params: &[pos("length", L, true)] }, PropSpec { key: "color", params: &[pos("color", Kind::Color, true)] }];

pub const CAMERA_PROPS: &[PropSpec] =
    &[PropSpec { key: "lens", params: &[pos("focal_length", L, true)] }, PropSpec { key: "fov", params: &[pos("angle", Kind::Q(Dim::Angle), true)] }];

pub const FOLLOW_PROPS: &[PropSpec] = &[
    PropSpec { key: "distance", params: &[pos("distance", Kind::QOrRange(Dim::Length), true)] },
    PropSpec { key: "height", params: &[pos("height", L, true)] },
];

pub const PARTS: &[(&str, Part)] = &[
    ("head", Part::Head),
    ("torso", Part::Torso),
    ("pelvis", Part::Pelvis),
    ("left_hand", Part::LeftHand),
    ("right_hand", Part::RightHand),
    ("left_foot", Part::LeftFoot),
    ("right_foot", Part::RightFoot),
];

pub struct MotionSpec {
    pub name: &'static str,
    /// An actor's motion (true) or a camera move (false).
    pub actor: bool,
    pub params: &'static [Param],
    pub events: &'static [(&'static str, Event)],
    pub phases: &'static [(&'static str, Event)],
}

const START_END: &[(&str, Event)] = &[("start", Event::Start), ("end", Event::End)];
const LOCOMOTION: &[Param] = &[kw("to", Kind::Vec(2, Dim::Length), true), kw("on", Kind::Name, false), kw("over", D, true)];

const SHOT: &[Param] = &[pos("target", Kind::Name, true), kw("for", D, false)];

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

pub const MOTIONS: &[MotionSpec] = &[
    MotionSpec { name: "walk", actor: true, params: LOCOMOTION, events: START_END, phases: &[] },
    MotionSpec { name: "run", actor: true, params: LOCOMOTION, events: START_END, phases: &[] },
    MotionSpec { name: "sprint", actor: true, params: LOCOMOTION, events: START_END, phases: &[] },
    MotionSpec {
        name: "jump",
        actor: true,
        params: &[kw("up", L, true), kw("forward", L, false)],
        events: &[("start", Event::Start), ("takeoff", Event::Takeoff), ("apex", Event::Apex), ("landing", Event::Landing), ("end", Event::End)],
        phases: &[("flight", Event::Flight), ("landing", Event::Landing)],
    },
    MotionSpec {
        name: "swing",
        actor: true,
        params: &[
            pos("arm", Kind::Word(&["right_arm", "left_arm"]), true),
            pos("direction", Kind::Word(&["down", "up", "forward"]), true),
            kw("over", D, false),
        ],
        events: START_END,
        phases: &[],
    },
    MotionSpec {
        name: "wave",
        actor: true,
        params: &[pos("arm", Kind::Word(&["right_arm", "left_arm"]), false), kw("for", D, false)],
        events: START_END,
        phases: &[],
    },
    MotionSpec { name: "idle", actor: true, params: &[kw("for", D, false)], events: START_END, phases: &[] },
    MotionSpec { name: "extreme_closeup", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "closeup", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "medium", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "wide", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "extreme_wide", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "low_angle", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "high_angle", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "top_down", actor: false, params: SHOT, events: &[], phases: &[] },
    MotionSpec { name: "cut", actor: false, params: &[kw("to", Kind::Name, true)], events: &[], phases: &[] },
    MotionSpec { name: "slowmo", actor: false, params: &[pos("rate", Kind::Q(Dim::Ratio), true), kw("over", D, true)], events: &[], phases: &[] },
    MotionSpec {
        name: "follow",
        actor: false,
        params: &[pos("target", Kind::Name, true), kw("over", D, false), pos("settings", Kind::Block, false)],
        events: &[],
        phases: &[],
    },
    MotionSpec {
        name: "orbit",
        actor: false,
        params: &[pos("target", Kind::Name, true), pos("angle", Kind::Q(Dim::Angle), true), kw("rise", L, false), kw("over", D, false)],
        events: &[],
        phases: &[],
    },
];

pub const ACTOR_VERBS: &[&str] = &["walk", "run", "sprint", "jump", "swing", "wave", "idle"];
pub const CAMERA_VERBS: &[&str] =
    &["extreme_closeup", "closeup", "medium", "wide", "extreme_wide", "low_angle", "high_angle", "top_down", "follow", "orbit", "slowmo", "cut"];

pub fn motion_spec(verb: &str) -> Option<&'static MotionSpec> {
    MOTIONS.iter().find(|m| m.name == verb)
}
