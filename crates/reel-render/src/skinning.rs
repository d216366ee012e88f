//! Skinned figures on the device: each skin's vertices (position, normal, colour and
//! roughness, four bones and weights) uploaded once per bake; each frame, every figure's
//! bone matrices (`world_from_bone · translate(-rest)`) in one storage buffer, which the
//! vertex shader (`vs_skin`, `vs_skin_shadow` in scene.wgsl) blends, four bones a vertex.
//! A figure drawn small (under `LOD_BELOW_PX` tall) draws its skin's coarser triangles, and
//! every shadow its coarsest.

use super::*;
use reel_bake::BONE_COUNT;

/// A figure less tall than these on screen, in pixels, is drawn with its skin's first and
/// second level of fewer triangles; its shadow is always drawn from the coarsest it has
/// (the shadow map is coarser than the picture).
pub const LOD_BELOW_PX: [f32; 2] = [480.0, 160.0];

#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct SkinVertex {
    position: [f32; 3],
    normal: [f32; 3],
    color: [f32; 4],
    bones: [u8; 4],
    weights: [f32; 4],
}

struct SkinGpu {
    vertices: wgpu::Buffer,
    /// The full mesh, then each level of detail: (indices, count).
    levels: Vec<(wgpu::Buffer, u32)>,
    /// About how tall the figure stands (for choosing the detail).
    height_m: f32,
}

pub(crate) struct Skinning {
    bgl: wgpu::BindGroupLayout,
    /// [without lamps, with lamps]: made when a frame first draws a figure (`ensure`).
    pipeline: [Option<wgpu::RenderPipeline>; 2],
    layout_scene: wgpu::PipelineLayout,
    samples: u32,
    shadow_pipeline: wgpu::RenderPipeline,
    meshes: Vec<SkinGpu>,
    /// Which bake's skins are uploaded (their sizes).
    key: Vec<usize>,
    bones: wgpu::Buffer,
    capacity: usize,
    bind_group: wgpu::BindGroup,
    /// This frame's level of detail per figure (0: the full mesh).
    level: Vec<usize>,
}

/// A skin's vertex as the shaders read it.
const SKIN_BUFFERS: [Option<wgpu::VertexBufferLayout<'static>>; 1] = [Some(wgpu::VertexBufferLayout {
    array_stride: std::mem::size_of::<SkinVertex>() as u64,
    step_mode: wgpu::VertexStepMode::Vertex,
    attributes: &wgpu::vertex_attr_array![0 => Float32x3, 1 => Float32x3, 2 => Float32x4, 3 => Uint8x4, 4 => Float32x4],
})];

/// A figure's depth state: written, compared by `compare`, offset by `bias`.
fn depth(compare: wgpu::CompareFunction, bias: wgpu::DepthBiasState) -> Option<wgpu::DepthStencilState> {
    Some(wgpu::DepthStencilState { format: DEPTH_FORMAT, depth_write_enabled: Some(true), depth_compare: Some(compare), stencil: Default::default(), bias })
}

fn bone_buffer(device: &wgpu::Device, matrices: usize) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("bones"),
        size: (matrices.max(1) * 64) as u64,
        usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

impl Skinning {
    pub(crate) fn new(device: &wgpu::Device, module: &wgpu::ShaderModule, scene: &ScenePasses, samples: u32) -> Skinning {
        let bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("bones"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::VERTEX,
                ty: wgpu::BindingType::Buffer { ty: wgpu::BufferBindingType::Storage { read_only: true }, has_dynamic_offset: false, min_binding_size: None },
                count: None,
            }],
        });
        let layout = |globals: &wgpu::BindGroupLayout| {
            device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor { label: None, bind_group_layouts: &[Some(globals), Some(&bgl)], immediate_size: 0 })
        };
        let (layout_scene, layout_shadow) = (layout(&scene.bgl), layout(&scene.shadow_bgl));
        let shadow_pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("skinned shadow"),
            layout: Some(&layout_shadow),
            vertex: wgpu::VertexState { module, entry_point: Some("vs_skin_shadow"), compilation_options: Default::default(), buffers: &SKIN_BUFFERS },
            primitive: wgpu::PrimitiveState { cull_mode: None, ..Default::default() },
            depth_stencil: depth(wgpu::CompareFunction::LessEqual, wgpu::DepthBiasState { constant: 2, slope_scale: 2.0, clamp: 0.0 }),
            multisample: Default::default(),
            fragment: None,
            multiview_mask: None,
            cache: None,
        });
        let capacity = BONE_COUNT;
        let bones = bone_buffer(device, capacity);
        let bind_group = Self::bind(device, &bgl, &bones);
        Skinning {
            bgl,
            pipeline: [None, None],
            layout_scene,
            samples,
            shadow_pipeline,
            meshes: Vec::new(),
            key: Vec::new(),
            bones,
            capacity,
            bind_group,
            level: Vec::new(),
        }
    }

    /// Make the figures' pipeline with or without lamps if it is not made yet.
    pub(crate) fn ensure(&mut self, device: &wgpu::Device, module: &wgpu::ShaderModule, lamps: bool) {
        let slot = &mut self.pipeline[usize::from(lamps)];
        if slot.is_some() {
            return;
        }
        *slot = Some(device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("skinned"),
            layout: Some(&self.layout_scene),
            vertex: wgpu::VertexState { module, entry_point: Some("vs_skin"), compilation_options: Default::default(), buffers: &SKIN_BUFFERS },
            primitive: wgpu::PrimitiveState { cull_mode: Some(wgpu::Face::Back), ..Default::default() },
            depth_stencil: depth(wgpu::CompareFunction::Greater, Default::default()),
            multisample: wgpu::MultisampleState { count: self.samples, ..Default::default() },
            fragment: Some(scene_fragment(module, "fs_main", &mut if lamps { vec![] } else { vec![("LAMPS", 0.0)] }, self.samples)),
            multiview_mask: None,
            cache: None,
        }));
    }

    fn bind(device: &wgpu::Device, bgl: &wgpu::BindGroupLayout, bones: &wgpu::Buffer) -> wgpu::BindGroup {
        device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("bones"),
            layout: bgl,
            entries: &[wgpu::BindGroupEntry { binding: 0, resource: bones.as_entire_binding() }],
        })
    }

    /// The bake's skins on the device, uploaded once per bake.
    pub(crate) fn upload(&mut self, device: &wgpu::Device, bake: &Bake) {
        use wgpu::util::DeviceExt;
        let key: Vec<usize> = bake.skins.iter().flat_map(|s| [s.positions.len(), s.indices.len()]).collect();
        if key == self.key {
            return;
        }
        self.meshes = bake
            .skins
            .iter()
            .map(|s| {
                let vertices: Vec<SkinVertex> = (0..s.positions.len())
                    .map(|i| SkinVertex { position: s.positions[i], normal: s.normals[i], color: s.colors[i], bones: s.bones[i], weights: s.weights[i] })
                    .collect();
                let buffer = |contents: &[u8], usage| device.create_buffer_init(&wgpu::util::BufferInitDescriptor { label: Some("skin"), contents, usage });
                let levels = std::iter::once(&s.indices)
                    .chain(s.lods.iter().filter(|l| !l.is_empty()))
                    .map(|ix| (buffer(bytemuck::cast_slice(ix), wgpu::BufferUsages::INDEX), ix.len() as u32))
                    .collect();
                SkinGpu {
                    vertices: buffer(bytemuck::cast_slice(&vertices), wgpu::BufferUsages::VERTEX),
                    levels,
                    height_m: s.positions.iter().map(|p| p[1]).fold(0.0, f32::max),
                }
            })
            .collect();
        self.key = key;
    }

    /// Every figure's bone matrices for this frame, and which detail each is drawn at.
    pub(crate) fn write_bones(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, bake: &Bake, frame: &Frame, height_px: u32) {
        let n = bake.figures.len();
        self.level.clear();
        if n == 0 || frame.bones.len() < n * BONE_COUNT {
            return;
        }
        let mut matrices: Vec<[[f32; 4]; 4]> = Vec::with_capacity(n * BONE_COUNT);
        for (f, fig) in bake.figures.iter().enumerate() {
            let bones = &frame.bones[f * BONE_COUNT..(f + 1) * BONE_COUNT];
            let Some(skin) = fig.skin.and_then(|k| bake.skins.get(k as usize)) else {
                matrices.extend(std::iter::repeat_n([[0.0; 4]; 4], BONE_COUNT));
                self.level.push(0);
                continue;
            };
            for (b, x) in bones.iter().enumerate() {
                let rest = Vec3::from(skin.rest[b]);
                matrices.push((x.world_from_node() * Mat4::from_translation(-rest)).to_cols_array_2d());
            }
            // How tall the figure is on screen, from its pelvis's distance.
            let pelvis = Vec3::from(bones[0].translation);
            let d = pelvis.distance(Vec3::from(frame.camera.eye)).max(1e-3);
            let tall_px = self.meshes.get(fig.skin.unwrap_or(0) as usize).map_or(0.0, |m| m.height_m) / (2.0 * d * (frame.camera.fov_y_rad * 0.5).tan())
                * height_px as f32;
            self.level.push(LOD_BELOW_PX.iter().filter(|&&below| tall_px < below).count());
        }
        if matrices.len() > self.capacity {
            self.capacity = matrices.len().next_power_of_two();
            self.bones = bone_buffer(device, self.capacity);
            self.bind_group = Self::bind(device, &self.bgl, &self.bones);
        }
        queue.write_buffer(&self.bones, 0, bytemuck::cast_slice(&matrices));
    }

    /// Draw every figure (the shadow pass's pipeline when `shadow`); figure `f` is instance
    /// `f`, whose bones start at `f · BONE_COUNT`.
    pub(crate) fn draw(&self, pass: &mut wgpu::RenderPass<'_>, bake: &Bake, shadow: bool, lamps: usize) {
        if self.level.len() != bake.figures.len() || bake.figures.iter().all(|f| f.skin.is_none()) {
            return;
        }
        // (The lit pipeline is made in `submit` before drawing.)
        let Some(pipeline) = (if shadow { Some(&self.shadow_pipeline) } else { self.pipeline[lamps].as_ref() }) else { return };
        pass.set_pipeline(pipeline);
        pass.set_bind_group(1, &self.bind_group, &[]);
        for (f, fig) in bake.figures.iter().enumerate() {
            let Some(m) = fig.skin.and_then(|k| self.meshes.get(k as usize)) else { continue };
            let level = if shadow { m.levels.len() - 1 } else { self.level[f].min(m.levels.len() - 1) };
            let (indices, count) = &m.levels[level];
            pass.set_vertex_buffer(0, m.vertices.slice(..));
            pass.set_index_buffer(indices.slice(..), wgpu::IndexFormat::Uint32);
            pass.draw_indexed(0..*count, 0, f as u32..f as u32 + 1);
        }
    }
}
