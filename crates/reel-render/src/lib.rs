//! Render: a bake frame → RGBA8 pixels (sRGB). wgpu, offscreen and headless: the same code
//! runs on Mesa's lavapipe (software Vulkan), llvmpipe (GL) and real GPUs. Knows shapes,
//! colours, lights and cameras; nothing of actors or the language.
//!
//! How it is built: `Bake` frame → RGBA8, or NV12 for video (`Layout`: one compute pass,
//! FXAA folded in, writes both planes on the device, 1.5 bytes a pixel read back;
//! `nv12.rs`). `lib.rs`: wgpu device, pipelines, shadow, scene (1 sample, or 4 with MSAA), depth-of-field and FXAA passes,
//! readback through two buffers (`submit` frame n+1, then `collect` frame n, so the device
//! renders one while the other is copied out and encoded), the per-frame occluder spheres and
//! each instance's four nearest (carried as instance data), back faces of the built-in shapes
//! culled (models drawn two-sided), spheres and cylinders at three levels of detail by their
//! size on screen (12, 24, 48 sides); `mesh.rs`: unit cube, sphere, cylinder

#![allow(deprecated)]

mod frame;
pub mod mesh;
mod nv12;
mod occlusion;
mod passes;
mod setup;
mod shadow;
mod skinning;

use nv12::*;
use occlusion::*;
use passes::*;
use setup::*;

use bytemuck::{Pod, Zeroable};
use glam::{Mat3, Mat4, Vec3};
use reel_bake::{Bake, Frame, Shape, SkyKind, Surface};
use std::fmt;
use std::sync::{Arc, Mutex};

/// World → clip transform of a camera (defined with the bake, shared by everyone).
pub fn camera_matrix(cam: &reel_bake::CameraPose, aspect: f32) -> Mat4 {
    cam.clip_from_world(aspect)
}

/// Where a world point lands in a frame: normalised (0,0) top-left .. (1,1) bottom-right.
pub fn project(cam: &reel_bake::CameraPose, aspect: f32, p: [f32; 3]) -> Option<[f32; 2]> {
    cam.project(aspect, p)
}

pub const SHADER_SOURCE: &str = concat!(include_str!("../shaders/color.wgsl"), include_str!("../shaders/scene.wgsl"));
pub const POST_SHADER_SOURCE: &str = concat!(include_str!("../shaders/color.wgsl"), include_str!("../shaders/post.wgsl"));
/// Texels across the sun's shadow map, fitted to what the camera sees (`shadow.rs`). Seen
/// from a 40 m street's pavement a texel is 2.6 cm (2048 over the whole set: 2.0 cm); a
/// closer view gets finer ones. A quarter of 2048's clearing and drawing: the street bench
/// (`benches/places.rs`) 8% faster.
const SHADOW_SIZE: u32 = 1024;
/// How edges are smoothed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Antialias {
    /// A post pass over the finished picture (FXAA): one sample per pixel. About 2.6x
    /// faster than 4x MSAA on a CPU renderer (lavapipe), where MSAA shades and resolves
    /// every sample.
    #[default]
    Fxaa,
    /// Four samples per pixel, resolved: sharper on thin things, costly without a GPU.
    Msaa4,
    /// None: one sample per pixel, as rasterised (for comparisons).
    Off,
}
pub use reel_bake::Layout;

/// A multisampled colour target: sRGB, so its samples resolve as linear light.
const COLOR_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8UnormSrgb;
/// The colour target's bytes read as they are (gamma-encoded), without sRGB conversion.
const RAW_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

/// The scene's colour target for `samples` per pixel. With one, a plain 8-bit target the
/// shaders write sRGB-encoded values into (`ENCODE` in scene.wgsl): a CPU renderer encodes
/// faster in the shader than through the target's format (5% of the street bench's frame).
/// With more, an sRGB target, so that the samples resolve as linear light.
fn scene_format(samples: u32) -> wgpu::TextureFormat {
    if samples > 1 {
        COLOR_FORMAT
    } else {
        RAW_FORMAT
    }
}

/// The fragment state of a scene pipeline: `entry` in `module`, specialised by `constants`
/// and by whether it encodes its sRGB output itself, into the scene's colour target.
fn scene_fragment<'a>(module: &'a wgpu::ShaderModule, entry: &'a str, constants: &'a mut Vec<(&'static str, f64)>, samples: u32) -> wgpu::FragmentState<'a> {
    if samples > 1 {
        constants.push(("ENCODE", 0.0));
    }
    wgpu::FragmentState {
        module,
        entry_point: Some(entry),
        compilation_options: wgpu::PipelineCompilationOptions { constants, ..Default::default() },
        targets: &SCENE_TARGETS[(samples > 1) as usize],
    }
}

const SCENE_TARGETS: [[Option<wgpu::ColorTargetState>; 1]; 2] = [
    [Some(wgpu::ColorTargetState { format: RAW_FORMAT, blend: None, write_mask: wgpu::ColorWrites::ALL })],
    [Some(wgpu::ColorTargetState { format: COLOR_FORMAT, blend: None, write_mask: wgpu::ColorWrites::ALL })],
];
const DEPTH_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth32Float;

#[derive(Debug)]
pub enum RenderError {
    NoAdapter(String),
    Device(String),
    Readback(String),
    /// Asked for something this renderer cannot make (an NV12 frame of odd size).
    Unsupported(String),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::NoAdapter(e) => write!(
                f,
                "no graphics adapter found ({e}); on a machine without a GPU install Mesa's software Vulkan driver (Debian: mesa-vulkan-drivers), or set WGPU_BACKEND=gl for llvmpipe"
            ),
            RenderError::Device(e) => write!(f, "the graphics device failed: {e}"),
            RenderError::Readback(e) => write!(f, "reading the frame back from the GPU failed: {e}"),
            RenderError::Unsupported(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RenderError {}

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Globals {
    clip_from_world: [[f32; 4]; 4],
    world_from_clip: [[f32; 4]; 4],
    light_clip_from_world: [[f32; 4]; 4],
    camera_pos: [f32; 4],
    sun_dir: [f32; 4],
    sun_color: [f32; 4],
    sky_zenith: [f32; 4],
    sky_horizon: [f32; 4],
    ambient_sky: [f32; 4],
    ambient_ground: [f32; 4],
    /// x: how many lamps are used.
    light_count: [u32; 4],
    /// Per lamp: position (w unused), direction (w: cone cosine, -1 for a point light),
    /// radiance (w unused).
    lights: [[f32; 4]; 3 * MAX_LIGHTS],
    /// x: 1 when depth of field is on (the scene pass then leaves 1 / (1 + distance) in
    /// alpha for the post pass).
    dof: [f32; 4],
}

/// The post pass's uniform (shaders/post.wgsl).
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct PostUniform {
    /// y: 1 / focus distance; z: circle of confusion in pixels per 1/m; w: largest radius.
    dof: [f32; 4],
    size: [f32; 4],
}

/// Lamps the shader takes beside the sun: the scene's limit, defined once (reel-ir).
pub use reel_bake::MAX_LIGHTS;

/// Each uniform struct's name in the WGSL and its size here: `tests/shaders.rs` compares
/// them with naga's layout of the shaders.
pub const UNIFORM_BYTES: [(&str, usize); 2] = [("Globals", std::mem::size_of::<Globals>()), ("Post", std::mem::size_of::<PostUniform>())];

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Instance {
    world_from_node: [[f32; 4]; 4],
    normal: [[f32; 4]; 3],
    color: [f32; 4],
    /// Roughness, metalness (for the `Finish` surface), unused, unused.
    finish: [f32; 4],
    /// The spheres (centre, radius) that darken its ambient light.
    occluders: [[f32; 4]; 4],
}

struct Mesh {
    vertices: wgpu::Buffer,
    indices: wgpu::Buffer,
    count: u32,
}

/// How many frames may be submitted and not yet read back.
pub const FRAMES_IN_FLIGHT: usize = 2;

/// A submitted frame: which readback buffer it lands in, its submission, and the signal
/// that the buffer is mapped.
struct InFlight {
    slot: usize,
    index: wgpu::SubmissionIndex,
    mapped: std::sync::mpsc::Receiver<Result<(), wgpu::BufferAsyncError>>,
}

/// A long-lived renderer for one resolution: owns the device, pipelines and targets.
pub struct Renderer {
    device: wgpu::Device,
    queue: wgpu::Queue,
    pub adapter_info: String,
    /// The adapter is a CPU (lavapipe, llvmpipe), not a GPU.
    on_cpu: bool,
    width: u32,
    height: u32,
    /// The unit cube, sphere and cylinder, then the bake's models.
    meshes: Vec<Mesh>,
    /// Which bake's models are in `meshes` (their count and sizes).
    models_key: Vec<usize>,
    /// The scene's pipelines (shadow, shapes, models, sky) and their layouts.
    scene: ScenePasses,
    /// scene.wgsl, for the pipelines made when a bake needs them.
    module: wgpu::ShaderModule,
    /// Depth of field and FXAA, with the pictures they read and write.
    post: PostPasses,
    /// Skinned figures: their meshes, bones and pipelines.
    skinning: skinning::Skinning,
    globals: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    shadow_bind_group: wgpu::BindGroup,
    instances: wgpu::Buffer,
    instance_capacity: usize,
    antialias: Antialias,
    /// The multisampled colour target (MSAA only).
    msaa_view: Option<wgpu::TextureView>,
    depth_view: wgpu::TextureView,
    shadow_view: wgpu::TextureView,
    /// Readback buffers, one per frame in flight: frame n is copied out of one while frame
    /// n+1 renders into the targets and is copied into the other.
    readbacks: Vec<wgpu::Buffer>,
    in_flight: std::collections::VecDeque<InFlight>,
    next_slot: usize,
    padded_row: u32,
    device_error: Arc<Mutex<Option<String>>>,
    /// For NV12 frames (`Layout::Nv12`), the passes and planes that make them; RGBA without.
    nv12: Option<Nv12Pass>,
}

impl Renderer {
    pub fn new(width: u32, height: u32) -> Result<Renderer, RenderError> {
        Renderer::with_antialias(width, height, Antialias::default())
    }

    pub fn with_antialias(width: u32, height: u32, antialias: Antialias) -> Result<Renderer, RenderError> {
        Renderer::with_options(width, height, antialias, Layout::Rgba)
    }

    /// A renderer whose `collect` hands frames over in the layout `pixels`.
    pub fn with_options(width: u32, height: u32, antialias: Antialias, pixels: Layout) -> Result<Renderer, RenderError> {
        if pixels == Layout::Nv12 && (width % 2 == 1 || height % 2 == 1) {
            return Err(RenderError::Unsupported(format!("NV12 frames need an even width and height, got {width}x{height}")));
        }
        let samples = match antialias {
            Antialias::Fxaa | Antialias::Off => 1,
            Antialias::Msaa4 => 4,
        };
        let (device, queue, info, device_error) = open_device()?;
        let adapter_info = format!("{} ({:?}, {:?})", info.name, info.backend, info.device_type);

        let module =
            device.create_shader_module(wgpu::ShaderModuleDescriptor { label: Some("scene.wgsl"), source: wgpu::ShaderSource::Wgsl(SHADER_SOURCE.into()) });
        let mut meshes = vec![upload_mesh(&device, &mesh::cube())];
        for (sides, _) in DETAIL {
            meshes.push(upload_mesh(&device, &mesh::sphere(sides, sides * 2 / 3)));
            meshes.push(upload_mesh(&device, &mesh::cylinder(sides)));
        }

        let scene = scene_passes(&device, &module, samples);
        let skinning = skinning::Skinning::new(&device, &module, &scene, samples);
        let globals = uniform_buffer(&device, "globals", std::mem::size_of::<Globals>());
        let tex = |label, w, h, samples, format, usage| texture(&device, label, w, h, samples, format, usage);
        let shadow = tex("shadow", SHADOW_SIZE, SHADOW_SIZE, 1, DEPTH_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING);
        let shadow_view = shadow.create_view(&Default::default());
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("shadow"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            compare: Some(wgpu::CompareFunction::LessEqual),
            address_mode_u: wgpu::AddressMode::ClampToEdge,
            address_mode_v: wgpu::AddressMode::ClampToEdge,
            ..Default::default()
        });
        let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &scene.bgl,
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: globals.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(&shadow_view) },
                wgpu::BindGroupEntry { binding: 2, resource: wgpu::BindingResource::Sampler(&sampler) },
            ],
        });
        let shadow_bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &scene.shadow_bgl,
            entries: &[wgpu::BindGroupEntry { binding: 0, resource: globals.as_entire_binding() }],
        });
        let msaa = (samples > 1).then(|| tex("msaa", width, height, samples, COLOR_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT));
        let depth = tex("depth", width, height, samples, DEPTH_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT);
        let post = post_passes(&device, &queue, width, height, samples);
        let pad = |bytes: u32| bytes.div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT) * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
        let padded_row = pad(width * 4);
        let nv12 = (pixels == Layout::Nv12).then(|| Nv12Pass::new(&device, &post, antialias, width, height));
        let readback_size = match &nv12 {
            Some(p) => p.bytes(),
            None => (padded_row * height) as u64,
        };
        let readbacks = (0..FRAMES_IN_FLIGHT)
            .map(|_| {
                device.create_buffer(&wgpu::BufferDescriptor {
                    label: Some("readback"),
                    size: readback_size,
                    usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                    mapped_at_creation: false,
                })
            })
            .collect();
        let instance_capacity = 64;
        let instances = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("instances"),
            size: (instance_capacity * std::mem::size_of::<Instance>()) as u64,
            usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        Ok(Renderer {
            antialias,
            msaa_view: msaa.map(|m| m.create_view(&Default::default())),
            depth_view: depth.create_view(&Default::default()),
            device,
            queue,
            adapter_info,
            on_cpu: info.device_type == wgpu::DeviceType::Cpu,
            width,
            height,
            meshes,
            models_key: Vec::new(),
            scene,
            module,
            post,
            skinning,
            globals,
            bind_group,
            shadow_bind_group,
            instances,
            instance_capacity,
            shadow_view,
            readbacks,
            in_flight: Default::default(),
            next_slot: 0,
            padded_row,
            device_error,
            nv12,
        })
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Whether the adapter is a CPU (a software renderer such as lavapipe).
    pub fn on_cpu(&self) -> bool {
        self.on_cpu
    }

    /// What `collect` hands over.
    pub fn layout(&self) -> Layout {
        if self.nv12.is_some() {
            Layout::Nv12
        } else {
            Layout::Rgba
        }
    }

    /// Bytes of one frame as `collect` hands it over.
    pub fn frame_bytes(&self) -> usize {
        self.layout().frame_bytes(self.width, self.height)
    }
}

/// The adapter (a GPU when there is one, else lavapipe), its device and queue, what it is,
/// and the slot device errors land in (wgpu's default handler would panic).
#[allow(clippy::type_complexity)]
fn open_device() -> Result<(wgpu::Device, wgpu::Queue, wgpu::AdapterInfo, Arc<Mutex<Option<String>>>), RenderError> {
    ensure_runtime_dir();
    // An instance of its own, though making one takes most of the time here (77 of 90 ms on
    // lavapipe, which loads and asks every Vulkan driver installed): lavapipe's devices of one
    // instance share one rasterizer and its threads, and two renderers sharing one made the
    // street bench 8% slower.
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
    let adapter = pollster::block_on(
        instance.request_adapter(&wgpu::RequestAdapterOptions { power_preference: wgpu::PowerPreference::HighPerformance, ..Default::default() }),
    )
    .map_err(|e| RenderError::NoAdapter(e.to_string()))?;
    let info = adapter.get_info();
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        label: Some("reel"),
        required_features: wgpu::Features::empty(),
        required_limits: adapter.limits(),
        ..Default::default()
    }))
    .map_err(|e| RenderError::Device(e.to_string()))?;
    // wgpu's default handler panics on a device error; record it and report it instead.
    let device_error: Arc<Mutex<Option<String>>> = Arc::default();
    let sink = device_error.clone();
    device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
        let mut slot = sink.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(e.to_string());
        }
    }));
    Ok((device, queue, info, device_error))
}

/// A 2D texture; a colour one may also be viewed as its raw bytes (FXAA works on them).
fn texture(device: &wgpu::Device, label: &str, w: u32, h: u32, samples: u32, format: wgpu::TextureFormat, usage: wgpu::TextureUsages) -> wgpu::Texture {
    device.create_texture(&wgpu::TextureDescriptor {
        label: Some(label),
        size: wgpu::Extent3d { width: w, height: h, depth_or_array_layers: 1 },
        mip_level_count: 1,
        sample_count: samples,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage,
        view_formats: if format == COLOR_FORMAT { &[RAW_FORMAT] } else { &[] },
    })
}
