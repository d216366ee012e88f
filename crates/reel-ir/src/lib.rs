//! The IR: the contract between the front end (`check`) and the back end (`sim`, `render`).
//! Plain serde data in SI units: metres, seconds, radians, m/s², linear RGB in 0..1.
//! World axes: +y is up; the floor is the plane y = 0.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod motion;
pub use motion::*;

pub const IR_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    pub version: u32,
    pub title: String,
    pub resolution: [u32; 2],
    pub fps: u32,
    /// Screen duration when the author set one; otherwise the backend derives it.
    pub duration_secs: Option<f64>,
    pub world: World,
    pub props: Vec<Prop>,
    pub actors: Vec<Actor>,
    pub cameras: Vec<Camera>,
    /// Lamps beside the sun.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lights: Vec<Light>,
    pub actor_tracks: Vec<ActorTrack>,
    /// Keyframed props (`animate`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prop_tracks: Vec<PropTrack>,
    pub camera_tracks: Vec<CameraTrack>,
    /// The groups camera shots film (`Entity::Group`): each two or more actors, props or
    /// their parts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Vec<Target>>,
    /// Names whose events are their members' (a group `row` → `row[1]` … `row[N]`; a motion
    /// bound in a group's track `hop` → `hop[1]` …): `row.rests` happens when the last
    /// member's `rests` does.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub event_groups: BTreeMap<String, Vec<String>>,
    /// The scene's folder, where its models are read (not part of the IR's text: set by
    /// `compile_in`).
    #[serde(skip)]
    pub folder: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sky {
    Evening,
    Noon,
    Overcast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct World {
    /// Magnitude of gravity, pointing down (-y).
    pub gravity_mps2: f32,
    pub sky: Sky,
    /// Direction the sunlight travels (normalised).
    pub sun_direction: [f32; 3],
    pub sun_strength: f32,
    pub floor_color: [f32; 3],
    /// The floor's material (`world { ground grass }`): its look, and what it does to what
    /// bounces and rolls on it. None: the plain checkered floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<Ground>,
}

/// A floor's material: a thing of restitution e bounces off it with sqrt(e · restitution);
/// a ball rolling on it slows by at least `rolling` · g.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ground {
    pub finish: Finish,
    pub restitution: f32,
    pub friction: f32,
    pub rolling: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prop {
    pub name: String,
    pub kind: PropKind,
    /// Centre of the footprint, on the floor.
    pub position_m: [f32; 3],
    pub color: [f32; 3],
    /// Roughness and metalness, when a `material` gives them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<Finish>,
    /// A glTF model drawn in its place (a path in the scene's folder, as written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// An emitted prop: absent (no collider, not drawn) until this story time, when it
    /// appears where `position_m` says with its velocity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appears_secs: Option<f32>,
}

/// A point light or a spotlight (`cone_rad` is the full opening angle; `None` for a point).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Light {
    pub name: String,
    pub position_m: [f32; 3],
    /// Unit vector the spot points along; unused for a point light.
    pub direction: [f32; 3],
    pub cone_rad: Option<f32>,
    /// Linear RGB.
    pub color: [f32; 3],
    pub intensity: f32,
}

/// How a surface reflects light: roughness 0 (mirror) to 1 (chalk), metalness 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Finish {
    pub roughness: f32,
    pub metalness: f32,
    /// A procedural texture drawn on it, repeating every `pattern_scale_m` metres.
    #[serde(default, skip_serializing_if = "Pattern::is_plain")]
    pub pattern: Pattern,
    #[serde(default = "unit_scale", skip_serializing_if = "is_unit_scale")]
    pub pattern_scale_m: f32,
}

fn unit_scale() -> f32 {
    1.0
}

fn is_unit_scale(s: &f32) -> bool {
    *s == 1.0
}

/// What a material's surface looks like besides its colour: a texture computed in the shader
/// from the world position (no images).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    #[default]
    Plain,
    Wood,
    Tiles,
    Asphalt,
    Grass,
    Concrete,
    Brick,
    Fabric,
    Metal,
}

impl Pattern {
    pub const ALL: [Pattern; 9] =
        [Pattern::Plain, Pattern::Wood, Pattern::Tiles, Pattern::Asphalt, Pattern::Grass, Pattern::Concrete, Pattern::Brick, Pattern::Fabric, Pattern::Metal];
    pub fn is_plain(&self) -> bool {
        *self == Pattern::Plain
    }
    pub fn name(self) -> &'static str {
        ["plain", "wood", "tiles", "asphalt", "grass", "concrete", "brick", "fabric", "metal"][self as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PropKind {
    /// A table: `size_m` is (length along x, height, depth along z) before its turn
    /// `yaw_rad` about +y.
    Table {
        size_m: [f32; 3],
        #[serde(default, skip_serializing_if = "is_zero")]
        yaw_rad: f32,
    },
    /// A dynamic ball; `position_m` is its centre. Restitution and friction come from
    /// its material (or `bounciness`).
    Ball {
        radius_m: f32,
        velocity_mps: [f32; 3],
        restitution: f32,
        friction: f32,
        density_kgpm3: f32,
        /// Rolling resistance: rolling, it slows by this × g.
        rolling: f32,
    },
    /// A solid block (a box, a domino, a wall, a ramp): `size_m` (x, y, z) before its tilt
    /// `tilt_rad` about its own z axis through its centre (raising its +x end) and its turn
    /// `yaw_rad` about +y; `position_m` is its bottom's centre before the tilt. `dynamic`
    /// ones fall, slide and topple.
    Block {
        size_m: [f32; 3],
        yaw_rad: f32,
        dynamic: bool,
        restitution: f32,
        friction: f32,
        density_kgpm3: f32,
        #[serde(default, skip_serializing_if = "is_zero")]
        tilt_rad: f32,
    },
    /// A static chair: seat at height `seat_m`, back on its -x side before its turn `yaw_rad`
    /// about +y, `size_m` to the back's top.
    Chair {
        size_m: [f32; 3],
        seat_m: f32,
        #[serde(default, skip_serializing_if = "is_zero")]
        yaw_rad: f32,
    },
    /// A soft slab (a cushion, a mattress): a top of `size_m` on a spring that sinks `give_m`
    /// under a grown-up standing on it; `position_m` is its bottom's centre.
    Soft {
        size_m: [f32; 3],
        #[serde(default, skip_serializing_if = "is_zero")]
        yaw_rad: f32,
        give_m: f32,
        friction: f32,
    },
    /// A static open box (a bin, a crate) of `size_m` outside, its bottom and four walls
    /// `wall_m` thick, turned `yaw_rad` about +y; `position_m` is its bottom's centre.
    Bin {
        size_m: [f32; 3],
        wall_m: f32,
        #[serde(default, skip_serializing_if = "is_zero")]
        yaw_rad: f32,
    },
    /// A dynamic cup (a solid cylinder to the physics); `position_m` is its bottom's centre.
    Cup { radius_m: f32, height_m: f32, restitution: f32, friction: f32, density_kgpm3: f32 },
    /// A static tree `height_m` tall: a trunk (the only collider) into a crown of leaves
    /// `crown_m` in radius; `position_m` is its foot.
    Tree { height_m: f32, crown_m: f32 },
}

/// A tree's trunk's half width, in tree heights.
pub const TREE_TRUNK: f32 = 0.03;

impl Prop {
    /// Its turn about +y (static props; 0 for the others, whose turn the physics carries).
    pub fn yaw_rad(&self) -> f32 {
        match self.kind {
            PropKind::Table { yaw_rad, .. }
            | PropKind::Chair { yaw_rad, .. }
            | PropKind::Block { yaw_rad, .. }
            | PropKind::Soft { yaw_rad, .. }
            | PropKind::Bin { yaw_rad, .. } => yaw_rad,
            _ => 0.0,
        }
    }

    /// Turn it by `yaw` about +y (about its own base; a ball or cup looks the same turned).
    pub fn turn_by(&mut self, yaw: f32) {
        match &mut self.kind {
            PropKind::Table { yaw_rad, .. }
            | PropKind::Chair { yaw_rad, .. }
            | PropKind::Block { yaw_rad, .. }
            | PropKind::Soft { yaw_rad, .. }
            | PropKind::Bin { yaw_rad, .. } => *yaw_rad += yaw,
            _ => {}
        }
    }

    /// Height of the surface things stand on.
    pub fn top_m(&self) -> f32 {
        self.position_m[1]
            + match self.kind {
                PropKind::Table { size_m, .. } | PropKind::Block { size_m, .. } | PropKind::Soft { size_m, .. } | PropKind::Bin { size_m, .. } => size_m[1],
                PropKind::Ball { radius_m, .. } => radius_m,
                PropKind::Chair { seat_m, .. } => seat_m,
                PropKind::Cup { height_m, .. } | PropKind::Tree { height_m, .. } => height_m,
            }
    }
    /// Half the width and depth of a top one can stand on (tables, blocks, chair seats).
    pub fn top_half_extents(&self) -> Option<[f32; 2]> {
        match self.kind {
            PropKind::Table { size_m, .. } | PropKind::Block { size_m, .. } | PropKind::Chair { size_m, .. } | PropKind::Soft { size_m, .. } => {
                Some([size_m[0] / 2.0, size_m[2] / 2.0])
            }
            // A cylinder's flat top: the square inside it (a can on a can).
            PropKind::Cup { radius_m, .. } => Some([radius_m * std::f32::consts::FRAC_1_SQRT_2; 2]),
            _ => None,
        }
    }
    /// Whether the physics moves it (a soft slab's top gives and springs back).
    pub fn is_dynamic(&self) -> bool {
        matches!(self.kind, PropKind::Ball { .. } | PropKind::Cup { .. } | PropKind::Block { dynamic: true, .. } | PropKind::Soft { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    pub archetype: Archetype,
    pub height_m: f32,
    pub color: [f32; 3],
    /// Where the feet stand at the start.
    pub position_m: [f32; 3],
    /// Heading about +y; 0 faces +x, π/2 faces -z.
    pub facing_rad: f32,
    pub holds: Option<Held>,
    /// A prop (an index into `Scene::props`, one that moves) held in the right hand from the
    /// start, until it is thrown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds_prop: Option<usize>,
    /// A glTF figure (a path in the scene's folder, as written): a skinned character, or
    /// a segmented one whose nodes are named after the parts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// A person's shape and clothes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub look: Option<Look>,
    /// A skinned figure (a person, or a skinned `model`): where each bone of the skeleton
    /// (`reel_model::rig::BONES`) starts at rest, in metres at the figure's height, in its
    /// body frame (+x forward, +y up, +z right; soles at 0, pelvis over the origin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_m: Option<Vec<[f32; 3]>>,
}

/// What a figure is: every kind has the same skeleton and motions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Archetype {
    /// Today's figure of the benchmark: a capsule body with a face, headband and shorts.
    Humanoid,
    /// The realistic human body (MakeHuman's), shaped and clothed.
    Person,
    /// A furry monkey with a muzzle, ears and a tail.
    Monkey,
    /// Hard-surface segments.
    Robot,
    /// A plain jointed figure for previsualisation.
    Mannequin,
}

/// A person's shape (MakeHuman's macro parameters) and the colours of its zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Look {
    pub age_years: f32,
    /// 0 female, 1 male, 0.5 neutral.
    pub gender: f32,
    /// -1 slim .. 1 heavy.
    pub build: f32,
    /// -1 .. 1.
    pub muscle: f32,
    /// Linear RGB per zone (`skin`, `top`, `bottoms`, `shoes`, `hair`).
    pub zones: BTreeMap<String, [f32; 3]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Held {
    pub kind: HeldKind,
    pub length_m: f32,
    pub color: [f32; 3],
    pub hand: Side,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeldKind {
    Staff,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    pub name: String,
    /// Vertical field of view.
    pub fov_y_rad: f32,
}

/// When a timeline item starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Start {
    /// After the previous item of the same track ends.
    Sequential,
    /// When the event happens, cutting short the item running before it.
    At(EventRef),
    /// When the event has happened and the previous item has ended.
    After(EventRef),
    /// For the length of a phase, alongside the track (does not take sequence time).
    During(EventRef),
    /// With the item before it, inside `together { … }`; the next sequential item waits
    /// until the whole group has ended.
    Together,
}

/// An event or phase of a bound motion, e.g. `leap.apex`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRef {
    pub binding: String,
    pub event: Event,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Start,
    Takeoff,
    Apex,
    /// As an event: first contact after a flight. As a phase: contact until the motion ends.
    Landing,
    /// As a phase: takeoff until landing.
    Flight,
    End,
    /// A prop has come to rest (found by the simulation).
    Rests,
    /// A prop is first touched by something it was not touching when the story began
    /// (found by the simulation).
    Contact,
    /// A thrown prop leaves the hand.
    Release,
    /// A moving prop leaves what it was on (rolls off an edge, bounces up) and stays in the
    /// air for a moment (found by the simulation).
    Leaves,
    /// A prop in the air comes down onto something for the Nth time (1 to `MAX_BOUNCES`;
    /// found by the simulation): `bounce`, `second_bounce`, … `fifth_bounce`.
    Bounce(u8),
}

/// How many of a prop's bounces have events.
pub const MAX_BOUNCES: u8 = 5;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropTrack {
    pub prop: usize,
    pub items: Vec<PropItem>,
}

/// `animate to (x, y, z) over D`: a straight keyframed move of a prop, then physics again;
/// or, with `launch`, an impulse that sets it going (then `to_m` and `duration_secs` are
/// unused).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropItem {
    pub start: Start,
    pub to_m: [f32; 3],
    pub duration_secs: f32,
    pub ease: Ease,
    pub binding: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch: Option<Launch>,
}

/// How a `launch` sets a prop going: a whole velocity, or a speed toward a heading (about
/// +y, 0 toward +x) or a place, raised `up_rad` above the floor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub velocity_mps: Option<[f32; 3]>,
    pub speed_mps: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading_rad: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toward: Option<Place>,
    pub up_rad: f32,
}

/// A place on the floor: a point (x, z), or where a prop or an actor is when it is needed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Point([f32; 2]),
    Prop(usize),
    Actor(usize),
}

/// Where a throw aims.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThrowTarget {
    /// A point in the world, metres.
    Point([f32; 3]),
    /// An actor's chest (an index into `Scene::actors`).
    Actor(usize),
    /// A prop's centre (an index into `Scene::props`).
    Prop(usize),
}

/// How far the body turns during a jump's flight, radians: about its side-to-side axis
/// (`pitch`, positive forward: a front flip; negative: a back flip), about its facing
/// (`roll`, a cartwheel), and about the vertical when it lands (`yaw`, a round-off's
/// half turn).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Turns {
    pub pitch: f32,
    pub roll: f32,
    pub yaw: f32,
}

impl Turns {
    pub fn is_none(&self) -> bool {
        *self == Turns::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Head,
    Torso,
    Pelvis,
    LeftHand,
    RightHand,
    LeftFoot,
    RightFoot,
}

/// What a camera looks at: an actor (its centre) or one of its parts, or a prop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub entity: Entity,
    pub part: Option<Part>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Actor(usize),
    Prop(usize),
    /// Several things filmed together (`wide (ann, bob, ball)`): an index into
    /// `Scene::groups`.
    Group(usize),
    /// `action`: whatever is moving now, the faster the more (smoothed over half a second).
    Action,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CameraTrack {
    pub camera: usize,
    pub items: Vec<CameraItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CameraItem {
    pub start: Start,
    pub action: CameraAction,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CameraAction {
    Shot(Shot),
    /// Story time stands still for `duration_secs` of screen time while `shots` run.
    Freeze {
        duration_secs: f32,
        shots: Vec<Shot>,
    },
    /// From here on the video shows camera `camera` (an index into `Scene::cameras`).
    Cut {
        camera: usize,
    },
    /// `story_secs` of story time play at `rate` (0.25: four times slower), or ramp from
    /// `rate` to `rate_to` evenly over the stretch's screen time; the camera keeps doing
    /// what it was doing.
    Slowmo {
        rate: f32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rate_to: Option<f32>,
        story_secs: f32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shot {
    /// A framed shot of the target for `hold_secs`; the framing decides how much of the
    /// frame height the target fills and the camera's elevation.
    Frame { target: Target, framing: Framing, hold_secs: f32 },
    /// Follow the target, the distance ramping from `distance_m[0]` to `[1]`; `None`
    /// duration follows until the next item or the end.
    Follow {
        target: Target,
        duration_secs: Option<f32>,
        distance_m: Option<[f32; 2]>,
        height_m: Option<f32>,
        #[serde(default)]
        ease: Ease,
        /// The bearing the camera keeps from the target's facing (0: in front, π/2: on
        /// its left); `None` keeps the bearing the camera had.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        side_rad: Option<f32>,
        /// The camera trails the target's motion by about this long (0: no smoothing).
        #[serde(default, skip_serializing_if = "is_zero")]
        lag_secs: f32,
        /// The side turns with the target (`turning`); otherwise it is taken from the way
        /// the target faces when the shot starts and then fixed in the world.
        #[serde(default, skip_serializing_if = "is_false")]
        turning: bool,
        /// The camera stays level with the target's centre (`track`), whatever `height_m`.
        #[serde(default, skip_serializing_if = "is_false")]
        level: bool,
    },
    /// Circle the target by `angle_rad` (positive is counter-clockwise seen from above),
    /// rising by `rise_m`; `None` duration fills the enclosing freeze (or 2 s).
    Orbit {
        target: Target,
        angle_rad: f32,
        rise_m: f32,
        duration_secs: Option<f32>,
        #[serde(default)]
        ease: Ease,
    },
    /// Two targets framed together for `hold_secs`: side by side (`TwoShot`), or `target`
    /// seen over `other`'s shoulder (`OverShoulder`).
    Pair { kind: PairKind, target: Target, other: Target, hold_secs: f32 },
    /// Dolly, truck, pedestal, crane, pan, tilt, zoom, dolly zoom or look at, from where the
    /// camera is, over `duration_secs`. `target` for the moves that aim at something.
    Move { kind: MoveKind, target: Option<Target>, duration_secs: f32, ease: Ease },
    /// Shots and moves at once (`together { crane up 1m over 2s; tilt down 10deg over 2s }`):
    /// at most one that places the camera (a framing, follow, orbit, pair or place, first),
    /// the relative moves applied on top of it, each over its own duration.
    Together(Vec<Shot>),
    /// The camera at a place (`place`, `from`), aiming at `look` (or `toward_m`, or where it
    /// aimed), put there at once or moved there over `move_secs`; it stays for `hold_secs`
    /// from the start, or until the next move.
    Place {
        eye: Placement,
        look: Option<Target>,
        toward_m: Option<[f32; 3]>,
        move_secs: Option<f32>,
        hold_secs: Option<f32>,
        #[serde(default)]
        ease: Ease,
        /// The aim trails the target's motion by about this long (0: rigid).
        #[serde(default, skip_serializing_if = "is_zero")]
        lag_secs: f32,
    },
}

/// Where a placed camera stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// A point in the world, metres.
    World { position_m: [f32; 3] },
    /// `distance_m` from the target, on the side at `bearing_rad` from the way it faces
    /// when the shot starts (0: in front, π/2: on its left), `height_m` above its feet;
    /// fixed in the world from then on.
    Beside { target: Target, bearing_rad: f32, distance_m: f32, height_m: f32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairKind {
    TwoShot,
    OverShoulder,
}

/// A camera move relative to where the camera is when it starts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// Along the view direction (positive: in), metres.
    Dolly { m: f32 },
    /// Sideways (positive: right), metres; the aim moves with it.
    Truck { m: f32 },
    /// Straight up (positive) or down, metres; the aim moves with it.
    Pedestal { m: f32 },
    /// The camera rises (positive) or sinks, metres, still aimed at the same point.
    Crane { m: f32 },
    /// Turn the aim about the vertical (positive: left), radians.
    Pan { rad: f32 },
    /// Turn the aim up (positive) or down, radians.
    Tilt { rad: f32 },
    /// Change the lens to this vertical field of view, radians.
    Zoom { fov_rad: f32 },
    /// Change the lens to `fov_rad` while moving so the target keeps its size on screen.
    DollyZoom { fov_rad: f32 },
    /// Aim at the target.
    LookAt,
    /// Turn about the view direction (positive: clockwise), radians.
    Roll { rad: f32 },
    /// Hold still by hand: the camera wanders by up to `m` metres and its aim by a tenth of
    /// that, from a fixed seed, so the same text shakes the same way.
    Handheld { m: f32 },
    /// Pull focus to the target (from where the focus was, in even steps of inverse
    /// distance) with the lens opened to `f_number`; the aim does not move.
    Rack { f_number: f32 },
}

/// How a move's progress follows its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ease {
    Linear,
    /// Slow start.
    In,
    /// Slow end.
    Out,
    /// Slow start and end (smoothstep).
    #[default]
    InOut,
}

impl Ease {
    /// Progress at time fraction `u` (both 0..1).
    pub fn apply(self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            Ease::Linear => u,
            Ease::In => u * u,
            Ease::Out => 1.0 - (1.0 - u) * (1.0 - u),
            Ease::InOut => u * u * (3.0 - 2.0 * u),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Framing {
    ExtremeCloseup,
    Closeup,
    Medium,
    Wide,
    ExtremeWide,
    LowAngle,
    HighAngle,
    TopDown,
}

impl Framing {
    /// Share of the frame height the target fills, and the camera's elevation in radians.
    pub fn fill_and_elevation(self) -> (f32, f32) {
        match self {
            Framing::ExtremeCloseup => (0.9, 0.05),
            Framing::Closeup => (0.5, 0.1),
            Framing::Medium => (0.8, 0.08),
            Framing::Wide => (0.35, 0.2),
            Framing::ExtremeWide => (0.1, 0.3),
            Framing::LowAngle => (0.6, -0.35),
            Framing::HighAngle => (0.6, 0.75),
            Framing::TopDown => (0.4, 1.52),
        }
    }
}

pub fn srgb_to_linear(c: [u8; 3]) -> [f32; 3] {
    let f = |u: u8| {
        let v = u as f32 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    [f(c[0]), f(c[1]), f(c[2])]
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(x: &f32) -> bool {
    *x == 0.0
}

/// The most lamps beside the sun a scene may have: the checker's limit and the size of the
/// renderer's lamp array (its WGSL says 3 x this many vec4s; reel-render's tests hold it).
pub const MAX_LIGHTS: usize = 8;

/// The limits of a video reel makes, held by the checker for a scene's settings.
pub const MAX_WIDTH: u32 = 3840;
pub const MAX_HEIGHT: u32 = 2160;
pub const MAX_FPS: f64 = 120.0;
pub const MAX_DURATION_SECS: f64 = 600.0;

/// The output limits a scene's settings obey, for anything else that sets them (`--size`,
/// `--fps`, a bake read from a file): width and height even, 16 to `MAX_WIDTH`x`MAX_HEIGHT`;
/// 1 to `MAX_FPS` frames a second.
pub fn output_limits(resolution: [u32; 2], fps: u32) -> Result<(), String> {
    let [w, h] = resolution;
    if w < 16 || h < 16 || w > MAX_WIDTH || h > MAX_HEIGHT || w % 2 != 0 || h % 2 != 0 {
        return Err(format!("a resolution of {w}x{h} is outside the limits: width and height must be even, at least 16 and at most {MAX_WIDTH}x{MAX_HEIGHT}"));
    }
    if fps == 0 || fps as f64 > MAX_FPS {
        return Err(format!("a frame rate of {fps} is outside the limits: a whole number from 1 to {MAX_FPS}"));
    }
    Ok(())
}

/// Whether the segment `a`→`b` meets the axis-aligned box `lo`..`hi` (slab test): the one
/// line-of-sight test, used by the checker (camera paths) and the simulator (clear views).
pub fn segment_meets_box(a: [f32; 3], b: [f32; 3], lo: [f32; 3], hi: [f32; 3]) -> bool {
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for i in 0..3 {
        let d = b[i] - a[i];
        if d.abs() < 1e-9 {
            if a[i] < lo[i] || a[i] > hi[i] {
                return false;
            }
            continue;
        }
        let (u, v) = ((lo[i] - a[i]) / d, (hi[i] - a[i]) / d);
        t0 = t0.max(u.min(v));
        t1 = t1.min(u.max(v));
        if t0 > t1 {
            return false;
        }
    }
    true
}
