//! Render: a bake frame → RGBA8 pixels (sRGB). wgpu, offscreen and headless: the same code
//! runs on Mesa's lavapipe (software Vulkan), llvmpipe (GL) and real GPUs. Knows shapes,
//! colours, lights and cameras; nothing of actors or the language.
//!
//! How it is built: `Bake` frame → RGBA8, or NV12 for video (`Layout`: luma and half-size
//! chroma passes convert on the device, 1.5 bytes a pixel read back). `lib.rs`: wgpu device,
//! pipelines, shadow, scene (1 sample, or 4 with MSAA), depth-of-field and FXAA passes,
//! readback through two buffers (`submit` frame n+1, then `collect` frame n, so the device
//! renders one while the other is copied out and encoded), the per-frame occluder spheres and
//! each instance's four nearest (carried as instance data), back faces of the built-in shapes
//! culled (models drawn two-sided), spheres and cylinders at three levels of detail by their
//! size on screen (12, 24, 48 sides); `mesh.rs`: unit cube, sphere, cylinder

#![allow(deprecated)]

pub mod mesh;

use bytemuck::{Pod, Zeroable};
use glam::{Mat3, Mat4, Vec3};
use reel_bake::{Bake, Frame, Shape, SkyKind, Surface};
use std::fmt;
use std::sync::{Arc, Mutex};

/// World → clip transform of a camera (defined with the bake, shared by everyone).
pub fn camera_matrix(cam: &reel_bake::CameraPose, aspect: f32) -> Mat4 {
    cam.view_proj(aspect)
}

/// Where a world point lands in a frame: normalised (0,0) top-left .. (1,1) bottom-right.
pub fn project(cam: &reel_bake::CameraPose, aspect: f32, p: [f32; 3]) -> Option<[f32; 2]> {
    cam.project(aspect, p)
}

pub const SHADER_SOURCE: &str = include_str!("../../../shaders/scene.wgsl");
pub const POST_SHADER_SOURCE: &str = include_str!("../../../shaders/post.wgsl");
const SHADOW_SIZE: u32 = 2048;
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

const COLOR_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8UnormSrgb;
/// The colour target's bytes read as they are (gamma-encoded), without sRGB conversion.
const RAW_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;
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
    view_proj: [[f32; 4]; 4],
    inv_view_proj: [[f32; 4]; 4],
    light_view_proj: [[f32; 4]; 4],
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

/// A shape that occludes the ambient light of what is near it, taken as a sphere of its
/// volume.
struct Occluder {
    node: usize,
    centre: Vec3,
    radius: f32,
}

/// A node's world-space bounding box.
fn node_aabb(xf: &reel_bake::Xform) -> (Vec3, Vec3) {
    let r = Mat3::from_quat(glam::Quat::from_array(xf.rotation).normalize());
    let h = Vec3::from(xf.scale).abs() * 0.5;
    let ext = r.x_axis.abs() * h.x + r.y_axis.abs() * h.y + r.z_axis.abs() * h.z;
    let c = Vec3::from(xf.translation);
    (c - ext, c + ext)
}

/// The occluders of a frame: every visible shape but the floor (whose occlusion the
/// hemisphere ambient already has), the largest first, up to `MAX_OCCLUDERS`.
fn occluders_of(bake: &Bake, frame: &Frame) -> Vec<Occluder> {
    let mut occ: Vec<Occluder> = Vec::new();
    for (node, (desc, xf)) in bake.nodes.iter().zip(&frame.nodes).enumerate() {
        if desc.surface == Surface::Floor {
            continue;
        }
        let s = Vec3::from(xf.scale).abs() * 0.5;
        if s.min_element() <= 1e-5 {
            continue;
        }
        // The radius of the sphere of the same volume.
        let volume = match desc.shape {
            Shape::Box => 8.0 * s.x * s.y * s.z,
            Shape::Sphere => 4.0 / 3.0 * std::f32::consts::PI * s.x * s.y * s.z,
            Shape::Cylinder => std::f32::consts::PI * s.x * s.z * 2.0 * s.y,
            // A model fills part of its box: take half.
            Shape::Model(_) => 4.0 * s.x * s.y * s.z,
        };
        let radius = (volume * 3.0 / (4.0 * std::f32::consts::PI)).cbrt();
        occ.push(Occluder { node, centre: Vec3::from(xf.translation), radius });
    }
    occ.sort_by(|a, b| b.radius.total_cmp(&a.radius).then(a.node.cmp(&b.node)));
    occ.truncate(MAX_OCCLUDERS);
    occ
}

/// The (up to) four occluders that darken a node most, as spheres (centre, radius; radius 0:
/// none): ranked by the most they hide anywhere on it, (r / d)² at the nearest point of its
/// box; those hiding less than 1% are left out. They travel with the instance, so the
/// shader reads them as flat inputs: no per-pixel indexing into a uniform array, which a CPU
/// renderer pays for with a gather per lane.
fn near_occluders(node: usize, xf: &reel_bake::Xform, occ: &[Occluder]) -> [[f32; 4]; 4] {
    let (lo, hi) = node_aabb(xf);
    let mut near: Vec<(f32, u32)> = occ
        .iter()
        .enumerate()
        .filter(|(_, o)| o.node != node)
        .map(|(k, o)| {
            let d = (o.centre.clamp(lo, hi) - o.centre).length().max(o.radius);
            ((o.radius / d).powi(2), k as u32)
        })
        .filter(|(hide, _)| *hide > 0.01)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out = [[0.0; 4]; 4];
    for (slot, (_, k)) in out.iter_mut().zip(near) {
        let o = &occ[k as usize];
        *slot = o.centre.extend(o.radius).into();
    }
    out
}

/// Shapes that may occlude others' ambient light, the largest first.
pub const MAX_OCCLUDERS: usize = 64;

/// The post pass's uniform (shaders/post.wgsl).
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct PostUniform {
    /// y: 1 / focus distance; z: circle of confusion in pixels per 1/m; w: largest radius.
    dof: [f32; 4],
    size: [f32; 4],
}

/// Lamps the shader takes beside the sun (the checker allows as many).
pub const MAX_LIGHTS: usize = 8;

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Instance {
    model: [[f32; 4]; 4],
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
    /// The built-in shapes' pipeline, without and with lamps (`LAMPS` in scene.wgsl).
    scene_pipeline: [wgpu::RenderPipeline; 2],
    /// The scene pipeline without back-face culling, for models; without and with lamps.
    model_pipeline: [wgpu::RenderPipeline; 2],
    sky_pipeline: wgpu::RenderPipeline,
    shadow_pipeline: wgpu::RenderPipeline,
    globals: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    shadow_bind_group: wgpu::BindGroup,
    instances: wgpu::Buffer,
    instance_capacity: usize,
    antialias: Antialias,
    /// The multisampled colour target (MSAA only).
    msaa_view: Option<wgpu::TextureView>,
    /// FXAA: its pass, bind groups reading the picture and the depth-of-field picture, and
    /// the target it writes.
    fxaa_pipeline: wgpu::RenderPipeline,
    fxaa_from_resolve: wgpu::BindGroup,
    fxaa_from_dof: wgpu::BindGroup,
    fxaa_target: wgpu::Texture,
    fxaa_view: wgpu::TextureView,
    depth_view: wgpu::TextureView,
    resolve: wgpu::Texture,
    resolve_view: wgpu::TextureView,
    shadow_view: wgpu::TextureView,
    /// Readback buffers, one per frame in flight: frame n is copied out of one while frame
    /// n+1 renders into the targets and is copied into the other.
    readbacks: Vec<wgpu::Buffer>,
    in_flight: std::collections::VecDeque<InFlight>,
    next_slot: usize,
    padded_row: u32,
    device_error: Arc<Mutex<Option<String>>>,
    /// Depth of field: the blur pass, its uniform, and the picture it writes.
    dof_pipeline: wgpu::RenderPipeline,
    dof_uniform: wgpu::Buffer,
    dof_bind_group: wgpu::BindGroup,
    dof_target: wgpu::Texture,
    dof_view: wgpu::TextureView,
    /// For NV12 frames (`Layout::Nv12`), the passes and planes that make them; RGBA without.
    nv12: Option<Nv12Planes>,
}

/// The NV12 conversion on the device: Y from the finished picture (through FXAA when that is
/// on), Cb Cr at half size from the picture before FXAA (a 2x2 average needs no smoothing).
struct Nv12Planes {
    /// Y: through FXAA when that is on.
    luma: wgpu::RenderPipeline,
    chroma: wgpu::RenderPipeline,
    y: wgpu::Texture,
    y_view: wgpu::TextureView,
    uv: wgpu::Texture,
    uv_view: wgpu::TextureView,
    /// The row pitch of both planes in the readback buffer (a chroma row, width / 2 pairs of
    /// bytes, is as long as a luma row), and where the chroma plane starts in it.
    row: u32,
    uv_offset: u64,
}

/// A mesh's vertex and index buffers on the device.
fn upload_mesh(device: &wgpu::Device, m: &mesh::MeshData) -> Mesh {
    use wgpu::util::DeviceExt;
    Mesh {
        vertices: device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: None,
            contents: bytemuck::cast_slice(&m.vertices),
            usage: wgpu::BufferUsages::VERTEX,
        }),
        indices: device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: None,
            contents: bytemuck::cast_slice(&m.indices),
            usage: wgpu::BufferUsages::INDEX,
        }),
        count: m.indices.len() as u32,
    }
}

/// Segments around of the sphere and cylinder at each level of detail, and the projected
/// radius in pixels from which each is used: a polygon of n sides strays r·(1 − cos π/n)
/// from its circle, under a pixel for 12 sides up to 25 px, 24 up to 110 px, 48 beyond.
/// Small shapes get few, larger triangles: on a CPU renderer, which shades 4x4 blocks, a
/// figure of thin triangles costs a tenth of the frame more (720p benchmark: 24.2 against
/// 22.1 ms with 12 sides everywhere).
const DETAIL: [(u32, f32); 3] = [(12, 0.0), (24, 25.0), (48, 110.0)];

/// The cube, then a sphere and a cylinder per level of detail, come first in
/// `Renderer::meshes`; the bake's models follow.
const BUILT_IN_MESHES: usize = 1 + 2 * DETAIL.len();

/// The mesh of a shape drawn at level of detail `lod` (an index into `DETAIL`): the
/// built-in ones, then the bake's models.
fn mesh_index(shape: Shape, lod: usize) -> usize {
    match shape {
        Shape::Box => 0,
        Shape::Sphere => 1 + 2 * lod,
        Shape::Cylinder => 2 + 2 * lod,
        Shape::Model(i) => BUILT_IN_MESHES + i as usize,
    }
}

/// The level of detail for a node: by the radius in pixels its largest extent projects to.
fn detail_for(xf: &reel_bake::Xform, cam: &reel_bake::CameraPose, height: u32) -> usize {
    let radius = Vec3::from(xf.scale).abs().max_element() * 0.5;
    let distance = (Vec3::from(xf.translation) - Vec3::from(cam.eye)).length().max(1e-3);
    let px = radius / (distance * (cam.fov_y_rad * 0.5).tan().max(1e-3)) * height as f32 * 0.5;
    DETAIL.iter().rposition(|&(_, from)| px >= from).unwrap_or(0)
}

/// A full-screen pass of `shaders/post.wgsl`: its `vs_full` and fragment `entry`, writing
/// `format`, with bind group layout `bgl`.
fn post_pipeline(
    device: &wgpu::Device,
    module: &wgpu::ShaderModule,
    bgl: &wgpu::BindGroupLayout,
    label: &str,
    entry: &str,
    format: wgpu::TextureFormat,
) -> wgpu::RenderPipeline {
    let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor { label: None, bind_group_layouts: &[Some(bgl)], immediate_size: 0 });
    device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some(label),
        layout: Some(&layout),
        vertex: wgpu::VertexState { module, entry_point: Some("vs_full"), compilation_options: Default::default(), buffers: &[] },
        primitive: Default::default(),
        depth_stencil: None,
        multisample: Default::default(),
        fragment: Some(wgpu::FragmentState {
            module,
            entry_point: Some(entry),
            compilation_options: Default::default(),
            targets: &[Some(wgpu::ColorTargetState { format, blend: None, write_mask: wgpu::ColorWrites::ALL })],
        }),
        multiview_mask: None,
        cache: None,
    })
}

/// The load op of a colour target whose every pixel the pass writes before anything reads
/// it: its old contents need not be loaded or cleared (on a CPU renderer a clear is a pass
/// over the whole picture).
fn overwritten() -> wgpu::LoadOp<wgpu::Color> {
    // Safety: used only where every pixel is written without blending: the full-screen post
    // passes (one triangle covering the target), and the single-sample scene pass, where the
    // sky is drawn last wherever no geometry wrote depth (depth cleared to 0, the sky at 0
    // with GreaterEqual), so geometry or sky covers each pixel.
    wgpu::LoadOp::DontCare(unsafe { wgpu::LoadOpDontCare::enabled() })
}

/// Record a full-screen post pass into `target`.
fn full_screen_pass(enc: &mut wgpu::CommandEncoder, label: &str, target: &wgpu::TextureView, pipeline: &wgpu::RenderPipeline, bind_group: &wgpu::BindGroup) {
    let mut pass = enc.begin_render_pass(&wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(wgpu::RenderPassColorAttachment {
            view: target,
            depth_slice: None,
            resolve_target: None,
            ops: wgpu::Operations { load: overwritten(), store: wgpu::StoreOp::Store },
        })],
        depth_stencil_attachment: None,
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    });
    pass.set_pipeline(pipeline);
    pass.set_bind_group(0, bind_group, &[]);
    pass.draw(0..3, 0..1);
}

/// A 2D float texture a fragment shader reads, at `binding`.
fn texture_entry(binding: u32, filterable: bool) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Texture {
            sample_type: wgpu::TextureSampleType::Float { filterable },
            view_dimension: wgpu::TextureViewDimension::D2,
            multisampled: false,
        },
        count: None,
    }
}

/// A uniform buffer the CPU writes each frame.
fn uniform_buffer(device: &wgpu::Device, label: &str, size: usize) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some(label),
        size: size as u64,
        usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

/// Binding 0 of a layout: a uniform buffer, seen by `visibility`.
fn uniform_entry(visibility: wgpu::ShaderStages) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding: 0,
        visibility,
        ty: wgpu::BindingType::Buffer { ty: wgpu::BufferBindingType::Uniform, has_dynamic_offset: false, min_binding_size: None },
        count: None,
    }
}

fn ensure_runtime_dir() {
    // Mesa warns on every start unless XDG_RUNTIME_DIR is a private directory. Without one,
    // reel's private per-user folder serves (one for all runs: nothing left per process).
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ok = std::env::var_os("XDG_RUNTIME_DIR").map(std::path::PathBuf::from).is_some_and(|p| p.is_dir());
        if !ok {
            if let Ok(dir) = reel_files::private_dir() {
                // SAFETY: set once, before the first renderer starts its driver; no thread of
                // reel's reads the environment meanwhile.
                unsafe { std::env::set_var("XDG_RUNTIME_DIR", &dir) };
            }
        }
    });
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
        ensure_runtime_dir();
        let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
        let adapter = pollster::block_on(
            instance.request_adapter(&wgpu::RequestAdapterOptions { power_preference: wgpu::PowerPreference::HighPerformance, ..Default::default() }),
        )
        .map_err(|e| RenderError::NoAdapter(e.to_string()))?;
        let info = adapter.get_info();
        let adapter_info = format!("{} ({:?}, {:?})", info.name, info.backend, info.device_type);
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

        let module =
            device.create_shader_module(wgpu::ShaderModuleDescriptor { label: Some("scene.wgsl"), source: wgpu::ShaderSource::Wgsl(SHADER_SOURCE.into()) });
        let mut meshes = vec![upload_mesh(&device, &mesh::cube())];
        for (sides, _) in DETAIL {
            meshes.push(upload_mesh(&device, &mesh::sphere(sides, sides * 2 / 3)));
            meshes.push(upload_mesh(&device, &mesh::cylinder(sides)));
        }

        let bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("globals"),
            entries: &[
                uniform_entry(wgpu::ShaderStages::VERTEX_FRAGMENT),
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Depth,
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 2,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Comparison),
                    count: None,
                },
            ],
        });
        let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor { label: None, bind_group_layouts: &[Some(&bgl)], immediate_size: 0 });
        // The shadow pass writes the shadow map, so it must not bind it: globals only.
        let shadow_bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("shadow globals"),
            entries: &[uniform_entry(wgpu::ShaderStages::VERTEX_FRAGMENT)],
        });
        let shadow_layout =
            device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor { label: None, bind_group_layouts: &[Some(&shadow_bgl)], immediate_size: 0 });
        let vertex_layouts = [
            Some(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<mesh::Vertex>() as u64,
                step_mode: wgpu::VertexStepMode::Vertex,
                attributes: &wgpu::vertex_attr_array![0 => Float32x3, 1 => Float32x3],
            }),
            Some(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<Instance>() as u64,
                step_mode: wgpu::VertexStepMode::Instance,
                attributes: &wgpu::vertex_attr_array![2 => Float32x4, 3 => Float32x4, 4 => Float32x4, 5 => Float32x4, 6 => Float32x4, 7 => Float32x4, 8 => Float32x4, 9 => Float32x4, 10 => Float32x4, 11 => Float32x4, 12 => Float32x4, 13 => Float32x4, 14 => Float32x4],
            }),
        ];
        // The built-in shapes are closed and wound counter-clockwise seen from outside, so their
        // back faces are culled (on a CPU renderer about a tenth of the frame); a model may be
        // open or double-sided, so its faces are all drawn. Shadows draw both sides too.
        let prim = wgpu::PrimitiveState { cull_mode: None, ..Default::default() };
        let culled = wgpu::PrimitiveState { cull_mode: Some(wgpu::Face::Back), ..Default::default() };
        // The two passes that draw into the MSAA colour target: geometry writes depth; the
        // sky is drawn last, only where no geometry wrote depth (reversed Z: cleared to 0).
        let color_pipeline =
            |label: &str, vs: &str, fs: &str, buffers: &[Option<wgpu::VertexBufferLayout>], primitive, depth_write: bool, compare, lamps: bool| {
                device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                    label: Some(label),
                    layout: Some(&layout),
                    vertex: wgpu::VertexState { module: &module, entry_point: Some(vs), compilation_options: Default::default(), buffers },
                    primitive,
                    depth_stencil: Some(wgpu::DepthStencilState {
                        format: DEPTH_FORMAT,
                        depth_write_enabled: Some(depth_write),
                        depth_compare: Some(compare),
                        stencil: Default::default(),
                        bias: Default::default(),
                    }),
                    multisample: wgpu::MultisampleState { count: samples, ..Default::default() },
                    fragment: Some(wgpu::FragmentState {
                        module: &module,
                        entry_point: Some(fs),
                        compilation_options: wgpu::PipelineCompilationOptions {
                            constants: match (fs, lamps) {
                                ("fs_main", false) => &[("LAMPS", 0.0)],
                                _ => &[],
                            },
                            ..Default::default()
                        },
                        targets: &[Some(wgpu::ColorTargetState { format: COLOR_FORMAT, blend: None, write_mask: wgpu::ColorWrites::ALL })],
                    }),
                    multiview_mask: None,
                    cache: None,
                })
            };
        let scene_pipeline =
            [false, true].map(|lamps| color_pipeline("scene", "vs_main", "fs_main", &vertex_layouts, culled, true, wgpu::CompareFunction::Greater, lamps));
        let model_pipeline =
            [false, true].map(|lamps| color_pipeline("models", "vs_main", "fs_main", &vertex_layouts, prim, true, wgpu::CompareFunction::Greater, lamps));
        let sky_pipeline = color_pipeline("sky", "vs_sky", "fs_sky", &[], Default::default(), false, wgpu::CompareFunction::GreaterEqual, false);
        let shadow_pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("shadow"),
            layout: Some(&shadow_layout),
            vertex: wgpu::VertexState { module: &module, entry_point: Some("vs_shadow"), compilation_options: Default::default(), buffers: &vertex_layouts },
            primitive: prim,
            depth_stencil: Some(wgpu::DepthStencilState {
                format: DEPTH_FORMAT,
                depth_write_enabled: Some(true),
                depth_compare: Some(wgpu::CompareFunction::LessEqual),
                stencil: Default::default(),
                bias: wgpu::DepthBiasState { constant: 2, slope_scale: 2.0, clamp: 0.0 },
            }),
            multisample: Default::default(),
            fragment: None,
            multiview_mask: None,
            cache: None,
        });

        let globals = uniform_buffer(&device, "globals", std::mem::size_of::<Globals>());
        let tex = |label, w, h, samples, format, usage| {
            device.create_texture(&wgpu::TextureDescriptor {
                label: Some(label),
                size: wgpu::Extent3d { width: w, height: h, depth_or_array_layers: 1 },
                mip_level_count: 1,
                sample_count: samples,
                dimension: wgpu::TextureDimension::D2,
                format,
                usage,
                // sRGB pictures can also be read as their raw bytes (FXAA works on them).
                view_formats: if format == COLOR_FORMAT { &[RAW_FORMAT] } else { &[] },
            })
        };
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
            layout: &bgl,
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: globals.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(&shadow_view) },
                wgpu::BindGroupEntry { binding: 2, resource: wgpu::BindingResource::Sampler(&sampler) },
            ],
        });
        let shadow_bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &shadow_bgl,
            entries: &[wgpu::BindGroupEntry { binding: 0, resource: globals.as_entire_binding() }],
        });
        let msaa = (samples > 1).then(|| tex("msaa", width, height, samples, COLOR_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT));
        let depth = tex("depth", width, height, samples, DEPTH_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT);
        // A finished picture: drawn into, read by the next pass, copied out.
        let picture = |label| {
            tex(
                label,
                width,
                height,
                1,
                COLOR_FORMAT,
                wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC | wgpu::TextureUsages::TEXTURE_BINDING,
            )
        };
        let resolve = picture("resolve");
        let resolve_view = resolve.create_view(&Default::default());
        // Depth of field: a full-screen pass from the resolved picture into its own target.
        let post_module =
            device.create_shader_module(wgpu::ShaderModuleDescriptor { label: Some("post.wgsl"), source: wgpu::ShaderSource::Wgsl(POST_SHADER_SOURCE.into()) });
        let dof_bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("dof"),
            entries: &[uniform_entry(wgpu::ShaderStages::FRAGMENT), texture_entry(1, false)],
        });
        let dof_pipeline = post_pipeline(&device, &post_module, &dof_bgl, "dof", "fs_dof", COLOR_FORMAT);
        let dof_uniform = uniform_buffer(&device, "dof", std::mem::size_of::<PostUniform>());
        let dof_bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &dof_bgl,
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: dof_uniform.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(&resolve_view) },
            ],
        });
        let dof_target = picture("dof");
        let dof_view = dof_target.create_view(&Default::default());
        // FXAA: a full-screen pass with bilinear taps from the finished picture.
        let fxaa_bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("fxaa"),
            entries: &[
                uniform_entry(wgpu::ShaderStages::FRAGMENT),
                texture_entry(1, true),
                wgpu::BindGroupLayoutEntry {
                    binding: 2,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
            ],
        });
        let fxaa_pipeline = post_pipeline(&device, &post_module, &fxaa_bgl, "fxaa", "fs_fxaa", RAW_FORMAT);
        let fxaa_uniform = uniform_buffer(&device, "fxaa", std::mem::size_of::<PostUniform>());
        let linear = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("fxaa"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            address_mode_u: wgpu::AddressMode::ClampToEdge,
            address_mode_v: wgpu::AddressMode::ClampToEdge,
            ..Default::default()
        });
        let fxaa_group = |view: &wgpu::TextureView| {
            device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: None,
                layout: &fxaa_bgl,
                entries: &[
                    wgpu::BindGroupEntry { binding: 0, resource: fxaa_uniform.as_entire_binding() },
                    wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(view) },
                    wgpu::BindGroupEntry { binding: 2, resource: wgpu::BindingResource::Sampler(&linear) },
                ],
            })
        };
        // FXAA reads and writes the encoded bytes: no sRGB decode per tap, no encode per pixel,
        // and its luma is on gamma-encoded values, as FXAA wants.
        let raw_view = |t: &wgpu::Texture| t.create_view(&wgpu::TextureViewDescriptor { format: Some(RAW_FORMAT), ..Default::default() });
        let fxaa_from_resolve = fxaa_group(&raw_view(&resolve));
        let fxaa_from_dof = fxaa_group(&raw_view(&dof_target));
        let fxaa_target = tex("fxaa", width, height, 1, RAW_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC);
        let fxaa_view = fxaa_target.create_view(&Default::default());
        queue.write_buffer(&fxaa_uniform, 0, bytemuck::bytes_of(&PostUniform { dof: [0.0; 4], size: [width as f32, height as f32, 0.0, 0.0] }));
        let pad = |bytes: u32| bytes.div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT) * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
        let padded_row = pad(width * 4);
        let nv12 = (pixels == Layout::Nv12).then(|| {
            let plane = |label, w, h, format| tex(label, w, h, 1, format, wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC);
            let y = plane("luma", width, height, wgpu::TextureFormat::R8Unorm);
            let uv = plane("chroma", width / 2, height / 2, wgpu::TextureFormat::Rg8Unorm);
            let row = pad(width);
            Nv12Planes {
                luma: post_pipeline(
                    &device,
                    &post_module,
                    &fxaa_bgl,
                    "luma",
                    if antialias == Antialias::Fxaa { "fs_luma_fxaa" } else { "fs_luma" },
                    wgpu::TextureFormat::R8Unorm,
                ),
                chroma: post_pipeline(&device, &post_module, &fxaa_bgl, "chroma", "fs_chroma", wgpu::TextureFormat::Rg8Unorm),
                y_view: y.create_view(&Default::default()),
                uv_view: uv.create_view(&Default::default()),
                y,
                uv,
                row,
                uv_offset: (row * height) as u64,
            }
        });
        let readback_size = match &nv12 {
            Some(p) => p.uv_offset + (p.row * (height / 2)) as u64,
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
            fxaa_pipeline,
            fxaa_from_resolve,
            fxaa_from_dof,
            fxaa_target,
            fxaa_view,
            depth_view: depth.create_view(&Default::default()),
            resolve_view,
            resolve,
            dof_pipeline,
            dof_uniform,
            dof_bind_group,
            dof_target,
            dof_view,
            device,
            queue,
            adapter_info,
            on_cpu: info.device_type == wgpu::DeviceType::Cpu,
            width,
            height,
            meshes,
            models_key: Vec::new(),
            scene_pipeline,
            model_pipeline,
            sky_pipeline,
            shadow_pipeline,
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

    /// Render one frame of a bake; returns it in the renderer's layout (by default tightly
    /// packed RGBA8 (sRGB) rows, top first).
    pub fn render(&mut self, bake: &Bake, frame: &Frame) -> Result<Vec<u8>, RenderError> {
        let mut out = vec![0u8; self.frame_bytes()];
        self.render_into(bake, frame, &mut out)?;
        Ok(out)
    }

    /// Render one frame into `out` (tightly packed RGBA8 rows, top first), waiting for it.
    pub fn render_into(&mut self, bake: &Bake, frame: &Frame, out: &mut [u8]) -> Result<(), RenderError> {
        while !self.in_flight.is_empty() {
            self.collect(&mut vec![0u8; (self.width * self.height * 4) as usize])?;
        }
        self.submit(bake, frame)?;
        self.collect(out)
    }

    /// Frames submitted and not yet collected.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Record and submit one frame without waiting for it; `collect` returns frames in the
    /// order they were submitted. At most `FRAMES_IN_FLIGHT` wait at once.
    pub fn submit(&mut self, bake: &Bake, frame: &Frame) -> Result<(), RenderError> {
        if self.in_flight.len() >= FRAMES_IN_FLIGHT {
            return Err(RenderError::Readback(format!("{FRAMES_IN_FLIGHT} frames are already in flight: collect one first")));
        }
        // The bake's models, uploaded once per bake.
        let key: Vec<usize> = bake.models.iter().map(|m| m.indices.len()).collect();
        if key != self.models_key {
            self.meshes.truncate(BUILT_IN_MESHES);
            for m in &bake.models {
                // A bake is input too: a model whose arrays disagree is drawn as nothing.
                let sound = m.positions.len() == m.normals.len() && m.indices.len() % 3 == 0 && m.indices.iter().all(|&i| (i as usize) < m.positions.len());
                let data = match sound {
                    true => mesh::MeshData {
                        vertices: m.positions.iter().zip(&m.normals).map(|(p, n)| mesh::Vertex { position: *p, normal: *n }).collect(),
                        indices: m.indices.clone(),
                    },
                    false => mesh::MeshData { vertices: vec![mesh::Vertex { position: [0.0; 3], normal: [0.0, 1.0, 0.0] }], indices: Vec::new() },
                };
                self.meshes.push(upload_mesh(&self.device, &data));
            }
            self.models_key = key;
        }
        // Instances grouped by mesh, in the order of `self.meshes`; within a mesh the floor
        // last, so early depth testing culls the most. (A model the bake does not have is
        // drawn as nothing.)
        let count = bake.nodes.len().min(frame.nodes.len());
        let mesh_of: Vec<usize> = (0..count).map(|i| mesh_index(bake.nodes[i].shape, detail_for(&frame.nodes[i], &frame.camera, self.height))).collect();
        let mut order: Vec<usize> = (0..count).filter(|&i| mesh_of[i] < self.meshes.len()).collect();
        order.sort_by_key(|&i| (mesh_of[i], bake.nodes[i].surface == Surface::Floor));
        let occ = occluders_of(bake, frame);
        let mut inst: Vec<Instance> = Vec::with_capacity(order.len());
        let mut ranges = vec![0u32..0u32; self.meshes.len()];
        for &i in &order {
            let (desc, xf) = (&bake.nodes[i], &frame.nodes[i]);
            // `order` is sorted by mesh, so each mesh's instances are one run.
            let k = inst.len() as u32;
            let range = &mut ranges[mesh_of[i]];
            if range.end == 0 {
                range.start = k;
            }
            range.end = k + 1;
            let m = xf.matrix();
            let n = Mat3::from_mat4(m).inverse().transpose();
            let (surface, finish) = match desc.surface {
                Surface::Matte => (0.0, [0.0; 4]),
                Surface::Glossy => (1.0, [0.0; 4]),
                Surface::Floor => (2.0, [0.0; 4]),
                Surface::Finish { roughness, metalness } => (3.0, [roughness, metalness, 0.0, 0.0]),
            };
            inst.push(Instance {
                model: m.to_cols_array_2d(),
                normal: [n.x_axis.extend(0.0).into(), n.y_axis.extend(0.0).into(), n.z_axis.extend(0.0).into()],
                color: [desc.color[0], desc.color[1], desc.color[2], surface],
                finish,
                occluders: near_occluders(i, xf, &occ),
            });
        }
        if inst.len() > self.instance_capacity {
            self.instance_capacity = inst.len().next_power_of_two();
            self.instances = self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("instances"),
                size: (self.instance_capacity * std::mem::size_of::<Instance>()) as u64,
                usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
        }
        if !inst.is_empty() {
            self.queue.write_buffer(&self.instances, 0, bytemuck::cast_slice(&inst));
        }
        let globals = self.globals_for(bake, frame);
        self.queue.write_buffer(&self.globals, 0, bytemuck::bytes_of(&globals));

        let mut enc = self.device.create_command_encoder(&wgpu::CommandEncoderDescriptor { label: None });
        {
            let mut pass = enc.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("shadow"),
                color_attachments: &[],
                depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                    view: &self.shadow_view,
                    depth_ops: Some(wgpu::Operations { load: wgpu::LoadOp::Clear(1.0), store: wgpu::StoreOp::Store }),
                    stencil_ops: None,
                }),
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.set_pipeline(&self.shadow_pipeline);
            pass.set_bind_group(0, &self.shadow_bind_group, &[]);
            self.draw_meshes(&mut pass, &ranges, true, bake);
        }
        {
            let mut pass = enc.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("scene"),
                color_attachments: &[Some(match &self.msaa_view {
                    Some(msaa) => wgpu::RenderPassColorAttachment {
                        view: msaa,
                        depth_slice: None,
                        resolve_target: Some(&self.resolve_view),
                        ops: wgpu::Operations { load: wgpu::LoadOp::Clear(wgpu::Color::BLACK), store: wgpu::StoreOp::Discard },
                    },
                    None => wgpu::RenderPassColorAttachment {
                        view: &self.resolve_view,
                        depth_slice: None,
                        resolve_target: None,
                        ops: wgpu::Operations { load: overwritten(), store: wgpu::StoreOp::Store },
                    },
                })],
                depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                    view: &self.depth_view,
                    depth_ops: Some(wgpu::Operations { load: wgpu::LoadOp::Clear(0.0), store: wgpu::StoreOp::Discard }),
                    stencil_ops: None,
                }),
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.set_bind_group(0, &self.bind_group, &[]);
            self.draw_meshes(&mut pass, &ranges, false, bake);
            pass.set_pipeline(&self.sky_pipeline);
            pass.draw(0..3, 0..1);
        }
        let dof = globals.dof[0] > 0.5;
        if dof {
            self.queue.write_buffer(&self.dof_uniform, 0, bytemuck::bytes_of(&self.dof_uniform_for(&frame.camera)));
            full_screen_pass(&mut enc, "depth of field", &self.dof_view, &self.dof_pipeline, &self.dof_bind_group);
        }
        let mut shown = if dof { &self.dof_target } else { &self.resolve };
        let source = if dof { &self.fxaa_from_dof } else { &self.fxaa_from_resolve };
        let readback = &self.readbacks[self.next_slot];
        let copy = |enc: &mut wgpu::CommandEncoder, texture: &wgpu::Texture, offset: u64, row: u32, (w, h): (u32, u32)| {
            enc.copy_texture_to_buffer(
                wgpu::TexelCopyTextureInfo { texture, mip_level: 0, origin: wgpu::Origin3d::ZERO, aspect: wgpu::TextureAspect::All },
                wgpu::TexelCopyBufferInfo {
                    buffer: readback,
                    layout: wgpu::TexelCopyBufferLayout { offset, bytes_per_row: Some(row), rows_per_image: Some(h) },
                },
                wgpu::Extent3d { width: w, height: h, depth_or_array_layers: 1 },
            );
        };
        match &self.nv12 {
            Some(p) => {
                full_screen_pass(&mut enc, "luma", &p.y_view, &p.luma, source);
                full_screen_pass(&mut enc, "chroma", &p.uv_view, &p.chroma, source);
                copy(&mut enc, &p.y, 0, p.row, (self.width, self.height));
                copy(&mut enc, &p.uv, p.uv_offset, p.row, (self.width / 2, self.height / 2));
            }
            None => {
                if self.antialias == Antialias::Fxaa {
                    full_screen_pass(&mut enc, "fxaa", &self.fxaa_view, &self.fxaa_pipeline, source);
                    shown = &self.fxaa_target;
                }
                copy(&mut enc, shown, 0, self.padded_row, (self.width, self.height));
            }
        }
        let index = self.queue.submit([enc.finish()]);
        let slot = self.next_slot;
        self.next_slot = (slot + 1) % FRAMES_IN_FLIGHT;
        let (tx, rx) = std::sync::mpsc::channel();
        self.readbacks[slot].slice(..).map_async(wgpu::MapMode::Read, move |r| {
            let _ = tx.send(r);
        });
        self.in_flight.push_back(InFlight { slot, index, mapped: rx });
        Ok(())
    }

    /// Wait for the oldest submitted frame (only that one: a later frame keeps rendering)
    /// and copy it into `out`.
    pub fn collect(&mut self, out: &mut [u8]) -> Result<(), RenderError> {
        let Some(f) = self.in_flight.pop_front() else {
            return Err(RenderError::Readback("no frame was submitted".into()));
        };
        self.device.poll(wgpu::PollType::Wait { submission_index: Some(f.index), timeout: None }).map_err(|e| RenderError::Readback(e.to_string()))?;
        f.mapped.recv().map_err(|e| RenderError::Readback(e.to_string()))?.map_err(|e| RenderError::Readback(e.to_string()))?;
        let buffer = &self.readbacks[f.slot];
        let slice = buffer.slice(..);
        {
            let data = slice.get_mapped_range().map_err(|e| RenderError::Readback(e.to_string()))?;
            let (w, h) = (self.width as usize, self.height as usize);
            // Rows of `bytes` at `pitch` in the buffer from `from`, packed into `out` from `to`.
            let mut rows = |from: usize, pitch: usize, bytes: usize, count: usize, to: usize| {
                for y in 0..count {
                    out[to + y * bytes..to + (y + 1) * bytes].copy_from_slice(&data[from + y * pitch..from + y * pitch + bytes]);
                }
            };
            match &self.nv12 {
                Some(p) => {
                    rows(0, p.row as usize, w, h, 0);
                    rows(p.uv_offset as usize, p.row as usize, w, h / 2, w * h);
                }
                None => rows(0, self.padded_row as usize, w * 4, h, 0),
            }
        }
        buffer.unmap();
        if let Some(e) = self.device_error.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(RenderError::Device(e));
        }
        Ok(())
    }

    fn draw_meshes(&self, pass: &mut wgpu::RenderPass<'_>, ranges: &[std::ops::Range<u32>], shadow: bool, bake: &Bake) {
        pass.set_vertex_buffer(1, self.instances.slice(..));
        // The floor (last of the boxes) casts no shadow onto anything; the shadow pass skips it.
        let floors = if shadow { bake.nodes.iter().filter(|n| n.surface == Surface::Floor && n.shape == Shape::Box).count() as u32 } else { 0 };
        let lamps = usize::from(!bake.lights.is_empty());
        // Spheres, cylinders and models before the boxes, whose last is the floor.
        for mi in (1..ranges.len()).chain([0]) {
            let r = &ranges[mi];
            let r = if mi == 0 { r.start..r.end.saturating_sub(floors).max(r.start) } else { r.clone() };
            if r.is_empty() {
                continue;
            }
            if !shadow {
                pass.set_pipeline(if mi < BUILT_IN_MESHES { &self.scene_pipeline[lamps] } else { &self.model_pipeline[lamps] });
            }
            let m = &self.meshes[mi];
            pass.set_vertex_buffer(0, m.vertices.slice(..));
            pass.set_index_buffer(m.indices.slice(..), wgpu::IndexFormat::Uint32);
            pass.draw_indexed(0..m.count, 0, r);
        }
    }

    #[allow(deprecated)]
    fn globals_for(&self, bake: &Bake, frame: &Frame) -> Globals {
        let eye = Vec3::from(frame.camera.eye);
        let view_proj = camera_matrix(&frame.camera, self.width as f32 / self.height as f32);
        // Sun: an orthographic box fitted around the shadow bounds.
        let sun = Vec3::from(bake.env.sun_direction).normalize_or(Vec3::NEG_Y);
        let [lo, hi] = bake.env.shadow_bounds;
        let (lo, hi) = (Vec3::from(lo), Vec3::from(hi));
        let centre = (lo + hi) * 0.5;
        let radius = (hi - lo).length() * 0.5 + 0.01;
        let sun_up = if sun.y.abs() > 0.99 { Vec3::Z } else { Vec3::Y };
        let light_view = Mat4::look_at_rh(centre - sun * radius * 2.0, centre, sun_up);
        let mut lmin = Vec3::splat(f32::INFINITY);
        let mut lmax = Vec3::splat(f32::NEG_INFINITY);
        for i in 0..8 {
            let c = Vec3::new(if i & 1 == 0 { lo.x } else { hi.x }, if i & 2 == 0 { lo.y } else { hi.y }, if i & 4 == 0 { lo.z } else { hi.z });
            let p = light_view.transform_point3(c);
            lmin = lmin.min(p);
            lmax = lmax.max(p);
        }
        let light_proj = Mat4::orthographic_rh(lmin.x, lmax.x, lmin.y, lmax.y, -lmax.z - 0.05, -lmin.z + 0.05);
        let texel_world = ((lmax.x - lmin.x).max(lmax.y - lmin.y)) / SHADOW_SIZE as f32;
        let strength = bake.env.sun_strength.max(0.0);
        let (zenith, horizon, sun_rgb, amb_sky, amb_ground) = match bake.env.sky {
            SkyKind::Evening => ([0.10, 0.16, 0.38], [1.0, 0.52, 0.28], [1.0, 0.72, 0.48], [0.26, 0.30, 0.46], [0.16, 0.10, 0.07]),
            SkyKind::Noon => ([0.12, 0.30, 0.75], [0.62, 0.74, 0.92], [1.0, 0.97, 0.92], [0.30, 0.38, 0.55], [0.14, 0.12, 0.10]),
            SkyKind::Overcast => ([0.50, 0.53, 0.58], [0.68, 0.70, 0.73], [0.35, 0.35, 0.36], [0.50, 0.52, 0.56], [0.22, 0.21, 0.20]),
        };
        let sun_scale = 0.42 * strength;
        let v4 = |c: [f32; 3], k: f32| [c[0] * k, c[1] * k, c[2] * k, 1.0];
        Globals {
            view_proj: view_proj.to_cols_array_2d(),
            inv_view_proj: view_proj.inverse().to_cols_array_2d(),
            light_view_proj: (light_proj * light_view).to_cols_array_2d(),
            camera_pos: eye.extend(1.0).into(),
            sun_dir: [sun.x, sun.y, sun.z, texel_world],
            sun_color: v4(sun_rgb, sun_scale),
            sky_zenith: v4(zenith, 1.0),
            sky_horizon: v4(horizon, 1.0),
            ambient_sky: v4(amb_sky, 1.0),
            ambient_ground: v4(amb_ground, 1.0),
            light_count: [bake.lights.len().min(MAX_LIGHTS) as u32, 0, 0, 0],
            lights: {
                let mut l = [[0.0; 4]; 3 * MAX_LIGHTS];
                for (k, d) in bake.lights.iter().take(MAX_LIGHTS).enumerate() {
                    l[3 * k] = [d.position[0], d.position[1], d.position[2], 1.0];
                    l[3 * k + 1] = [d.direction[0], d.direction[1], d.direction[2], d.cone_cos];
                    l[3 * k + 2] = [d.radiance[0], d.radiance[1], d.radiance[2], 0.0];
                }
                l
            },
            dof: [if frame.camera.focus_m > 0.0 && frame.camera.f_number > 0.0 { 1.0 } else { 0.0 }, 0.0, 0.0, 0.0],
        }
    }

    /// Thin-lens depth of field on a 35 mm frame (24 mm high): the aperture's diameter is
    /// f / N, and a point at distance d blurs to a circle f²/N · |1/focus − 1/d| across on
    /// the film, scaled here to pixels.
    fn dof_uniform_for(&self, cam: &reel_bake::CameraPose) -> PostUniform {
        let h = self.height as f32;
        let focal_m = 0.012 / (cam.fov_y_rad * 0.5).tan().max(1e-4);
        let per_inv_m = focal_m * focal_m / cam.f_number.max(0.5) / 0.024 * h;
        PostUniform { dof: [0.0, 1.0 / cam.focus_m.max(1e-3), per_inv_m, h / 30.0], size: [self.width as f32, h, 0.0, 0.0] }
    }
}
