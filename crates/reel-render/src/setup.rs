//! Device-side building blocks: meshes and their levels of detail, bind-group entries,
//! uniform buffers, the full-screen post passes, and the runtime folder Mesa wants.

use super::*;

/// A mesh's vertex and index buffers on the device.
pub(crate) fn upload_mesh(device: &wgpu::Device, m: &mesh::MeshData) -> Mesh {
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
pub(crate) const DETAIL: [(u32, f32); 3] = [(12, 0.0), (24, 25.0), (48, 110.0)];

/// The cube, then a sphere and a cylinder per level of detail, come first in
/// `Renderer::meshes`; the bake's models follow.
pub(crate) const BUILT_IN_MESHES: usize = 1 + 2 * DETAIL.len();

/// The mesh of a shape drawn at level of detail `lod` (an index into `DETAIL`): the
/// built-in ones, then the bake's models.
pub(crate) fn mesh_index(shape: Shape, lod: usize) -> usize {
    match shape {
        Shape::Box => 0,
        Shape::Sphere => 1 + 2 * lod,
        Shape::Cylinder => 2 + 2 * lod,
        Shape::Model(i) => BUILT_IN_MESHES + i as usize,
    }
}

/// The level of detail for a node: by the radius in pixels its largest extent projects to.
pub(crate) fn detail_for(xf: &reel_bake::Xform, cam: &reel_bake::CameraPose, height: u32) -> usize {
    let radius = Vec3::from(xf.scale).abs().max_element() * 0.5;
    let distance = (Vec3::from(xf.translation) - Vec3::from(cam.eye)).length().max(1e-3);
    let px = radius / (distance * (cam.fov_y_rad * 0.5).tan().max(1e-3)) * height as f32 * 0.5;
    DETAIL.iter().rposition(|&(_, from)| px >= from).unwrap_or(0)
}

/// A full-screen pass of `shaders/post.wgsl`: its `vs_full` and fragment `entry`, writing
/// `format`, with bind group layout `bgl`.
pub(crate) fn post_pipeline(
    device: &wgpu::Device,
    module: &wgpu::ShaderModule,
    bgl: &wgpu::BindGroupLayout,
    label: &str,
    entry: &str,
    format: wgpu::TextureFormat,
    constants: &[(&str, f64)],
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
            compilation_options: wgpu::PipelineCompilationOptions { constants, ..Default::default() },
            targets: &[Some(wgpu::ColorTargetState { format, blend: None, write_mask: wgpu::ColorWrites::ALL })],
        }),
        multiview_mask: None,
        cache: None,
    })
}

/// The load op of a colour target whose every pixel the pass writes before anything reads
/// it: its old contents need not be loaded or cleared (on a CPU renderer a clear is a pass
/// over the whole picture).
pub(crate) fn overwritten() -> wgpu::LoadOp<wgpu::Color> {
    // Safety: used only where every pixel is written without blending: the full-screen post
    // passes (one triangle covering the target), and the single-sample scene pass, where the
    // sky is drawn last wherever no geometry wrote depth (depth cleared to 0, the sky at 0
    // with GreaterEqual), so geometry or sky covers each pixel.
    wgpu::LoadOp::DontCare(unsafe { wgpu::LoadOpDontCare::enabled() })
}

/// Record a full-screen post pass into `target`.
pub(crate) fn full_screen_pass(
    enc: &mut wgpu::CommandEncoder,
    label: &str,
    target: &wgpu::TextureView,
    pipeline: &wgpu::RenderPipeline,
    bind_group: &wgpu::BindGroup,
) {
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
pub(crate) fn texture_entry(binding: u32, filterable: bool) -> wgpu::BindGroupLayoutEntry {
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
pub(crate) fn uniform_buffer(device: &wgpu::Device, label: &str, size: usize) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some(label),
        size: size as u64,
        usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

/// Binding 0 of a layout: a uniform buffer, seen by `visibility`.
pub(crate) fn uniform_entry(visibility: wgpu::ShaderStages) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding: 0,
        visibility,
        ty: wgpu::BindingType::Buffer { ty: wgpu::BufferBindingType::Uniform, has_dynamic_offset: false, min_binding_size: None },
        count: None,
    }
}

pub(crate) fn ensure_runtime_dir() {
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
