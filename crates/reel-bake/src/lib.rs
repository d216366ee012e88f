//! The bake: what the simulation hands the renderer, per screen frame. Versioned serde data.
//! It knows shapes, colours and transforms, nothing of actors or the language.

pub mod file;

use serde::{Deserialize, Serialize};

/// 2: times are `screen_time_secs` and `story_time_secs` (were `screen_time`, `story_time`).
/// 3: skinned figures (`skins`, `figures`, and each frame's `bones`).
pub const BAKE_VERSION: u32 = 3;

/// The bones of a skinned figure, in `reel_model::rig::BONES` order.
pub use reel_model::rig::BONE_COUNT;

/// The most lamps a bake carries (the scene's limit).
pub use reel_ir::MAX_LIGHTS;

impl Bake {
    pub fn duration_secs(&self) -> f64 {
        self.frames.len() as f64 / self.fps.max(1) as f64
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bake {
    pub version: u32,
    pub title: String,
    pub resolution: [u32; 2],
    pub fps: u32,
    pub env: Environment,
    pub nodes: Vec<NodeDesc>,
    /// Lamps beside the sun (static).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lights: Vec<LightDesc>,
    /// The meshes of the props' glTF models, so a bake renders without their files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<reel_model::ModelMesh>,
    /// The skinned figures' meshes (people, skinned characters), shared by figures that
    /// look alike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skins: Vec<SkinMesh>,
    /// Every figure, posed by its `BONE_COUNT` bones of each frame's `bones`; a skinned one
    /// draws its skin with them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<FigureDesc>,
    pub frames: Vec<Frame>,
    pub events: Vec<BakedEvent>,
    /// Things the backend did that the author may want to know (a camera pushed out of a
    /// table, an event that never happened).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkyKind {
    Evening,
    Noon,
    Overcast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    pub sky: SkyKind,
    /// Direction sunlight travels, normalised.
    pub sun_direction: [f32; 3],
    pub sun_strength: f32,
    /// World-space box that shadows must cover: [min, max].
    pub shadow_bounds: [[f32; 3]; 2],
    /// The floor's material finish (a `Surface::Finish`), when the world names one; the
    /// checkered floor otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<Surface>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Unit cube centred on the origin (side 1).
    Box,
    /// Unit-diameter sphere.
    Sphere,
    /// Unit-diameter, unit-height cylinder along +y, centred.
    Cylinder,
    /// A glTF model (an index into `Bake::models`), fitted into the unit cube.
    Model(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Surface {
    Matte,
    Glossy,
    /// A large floor: shaded with a faint tile pattern so motion over it reads.
    Floor,
    /// From a `material`: roughness 0 (mirror) to 1 (chalk), metalness 0 to 1, and a
    /// procedural pattern repeating every `scale_m`.
    Finish {
        roughness: f32,
        metalness: f32,
        #[serde(default, skip_serializing_if = "reel_ir::Pattern::is_plain")]
        pattern: reel_ir::Pattern,
        #[serde(default = "unit_scale")]
        scale_m: f32,
    },
}

/// A point light (`cone_cos` -1) or a spotlight (light within the cone whose half-angle
/// has cosine `cone_cos`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LightDesc {
    pub position: [f32; 3],
    pub direction: [f32; 3],
    pub cone_cos: f32,
    /// Linear RGB times intensity: the irradiance at 1 m, relative to the sun at strength 1.
    pub radiance: [f32; 3],
}

/// A skinned figure's mesh, at rest in the figure's body frame (+x forward, +y up, +z right;
/// metres at its height): each vertex bound to up to four bones with weights summing to 1.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkinMesh {
    pub positions: Vec<[f32; 3]>,
    pub normals: Vec<[f32; 3]>,
    /// Per vertex: linear RGB and roughness (its zone's: skin, top, bottoms, shoes, hair,
    /// eyes).
    pub colors: Vec<[f32; 4]>,
    /// Per vertex: four bones (indices into `reel_model::rig::BONES`) and their weights.
    pub bones: Vec<[u8; 4]>,
    pub weights: Vec<[f32; 4]>,
    pub indices: Vec<u32>,
    /// Fewer triangles over the same vertices, coarser each, for a figure smaller on
    /// screen (`reel_render` picks one by the figure's height in pixels).
    pub lods: Vec<Vec<u32>>,
    /// Where each bone starts at rest: bone `b` moves a vertex by
    /// `world_from_bone · translate(-rest[b])`.
    pub rest: Vec<[f32; 3]>,
}

impl SkinMesh {
    /// Where vertex `v` is when the bones are at `bones` (world from bone, one per bone):
    /// linear blend skinning, as the renderer does it on the device.
    pub fn skinned_position(&self, v: usize, bones: &[Xform]) -> glam::Vec3 {
        let p = glam::Vec3::from(self.positions[v]);
        let mut out = glam::Vec3::ZERO;
        for k in 0..4 {
            let b = self.bones[v][k] as usize;
            let w = self.weights[v][k];
            if w > 0.0 {
                out += w * bones[b].world_from_node().transform_point3(p - glam::Vec3::from(self.rest[b]));
            }
        }
        out
    }
}

/// A figure: its name (`anna`) and, when it is skinned, the skin it draws (a segmented
/// figure is drawn by its nodes; its bones are still in each frame).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureDesc {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skin: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeDesc {
    pub name: String,
    pub shape: Shape,
    /// Linear RGB.
    pub color: [f32; 3],
    pub surface: Surface,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Xform {
    pub translation: [f32; 3],
    /// Quaternion x, y, z, w.
    pub rotation: [f32; 4],
    pub scale: [f32; 3],
}

impl Xform {
    pub fn world_from_node(&self) -> glam::Mat4 {
        glam::Mat4::from_scale_rotation_translation(self.scale.into(), glam::Quat::from_array(self.rotation), self.translation.into())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CameraPose {
    pub eye: [f32; 3],
    pub look_at: [f32; 3],
    pub fov_y_rad: f32,
    /// Turn about the view direction (positive: clockwise as seen through the camera).
    #[serde(default)]
    pub roll_rad: f32,
    /// Where the lens is focused, metres from the eye; 0: a pinhole, everything sharp.
    #[serde(default)]
    pub focus_m: f32,
    /// The lens's f-number while focused (with `focus_m`).
    #[serde(default)]
    pub f_number: f32,
}

impl CameraPose {
    /// World → clip transform (right-handed, reversed Z with an infinite far plane).
    #[allow(deprecated)]
    pub fn clip_from_world(&self, aspect: f32) -> glam::Mat4 {
        use glam::{Mat4, Vec3};
        let eye = Vec3::from(self.eye);
        let look = Vec3::from(self.look_at);
        let fwd = (look - eye).normalize_or(Vec3::X);
        let up = if fwd.y.abs() > 0.999 { Vec3::Z } else { Vec3::Y };
        let up = glam::Quat::from_axis_angle(fwd, self.roll_rad) * up;
        let view = Mat4::look_at_rh(eye, look, up);
        let near = 0.004f32.max(0.002 * eye.distance(look));
        Mat4::perspective_infinite_reverse_rh(self.fov_y_rad, aspect, near) * view
    }

    /// Where a world point lands: normalised (0, 0) top-left .. (1, 1) bottom-right;
    /// `None` behind the camera.
    pub fn project(&self, aspect: f32, p: [f32; 3]) -> Option<[f32; 2]> {
        let c = self.clip_from_world(aspect) * glam::Vec3::from(p).extend(1.0);
        if c.w <= 0.0 {
            return None;
        }
        Some([(c.x / c.w) * 0.5 + 0.5, 0.5 - (c.y / c.w) * 0.5])
    }
}

/// Where a camera target is on screen in one frame (normalised coordinates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetView {
    /// `wukong`, `wukong.head`, `b`.
    pub name: String,
    /// Centre on screen, (0, 0) top-left .. (1, 1) bottom-right; `None` behind the camera.
    pub centre: Option<[f32; 2]>,
    /// Height on screen as a share of the frame height.
    pub height: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    pub screen_time_secs: f64,
    pub story_time_secs: f64,
    /// One per `Bake::nodes`, same order.
    pub nodes: Vec<Xform>,
    /// Per figure (`Bake::figures` order), `BONE_COUNT` bones: where each is in the world
    /// (world from bone; its rotation includes the skeleton's alignment of a skinned body).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bones: Vec<Xform>,
    pub camera: CameraPose,
    /// Every camera target of the scene, as seen by this frame's camera.
    pub targets: Vec<TargetView>,
    /// The name (among `targets`) of what the shot on screen aims at, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BakedEvent {
    /// `leap.apex`.
    pub name: String,
    pub story_time_secs: f64,
    pub screen_time_secs: f64,
}

/// How a renderer hands a frame to an encoder: the other half of the render → encode
/// contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Tightly packed RGBA8 rows (sRGB), top first: for PNG, GIF, stills and checks.
    #[default]
    Rgba,
    /// NV12, what an H.264 encoder takes: the rows of a full-size Y plane, then the rows of
    /// a half-size plane of interleaved Cb Cr (BT.601, limited range). Converted on the
    /// device, so 1.5 bytes a pixel come back instead of 4 and the CPU converts nothing.
    /// Needs an even width and height.
    Nv12,
}

impl Layout {
    /// Bytes of one frame at `width` x `height`.
    pub fn frame_bytes(self, width: u32, height: u32) -> usize {
        let px = width as usize * height as usize;
        match self {
            Layout::Rgba => px * 4,
            Layout::Nv12 => px + px / 2,
        }
    }
}

fn unit_scale() -> f32 {
    1.0
}
