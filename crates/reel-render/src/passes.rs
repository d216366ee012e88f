//! The render pipelines a `Renderer` is built with: the scene passes (shadow map, the
//! geometry with and without lamps, models, sky) and the post passes (depth of field, FXAA)
//! with the targets they read and write.

use super::*;

/// The scene's pipelines and the layouts of what they bind.
pub(crate) struct ScenePasses {
    /// Globals, the shadow map and its comparison sampler.
    pub bgl: wgpu::BindGroupLayout,
    /// Globals alone: the shadow pass writes the shadow map, so must not bind it.
    pub shadow_bgl: wgpu::BindGroupLayout,
    /// The shapes' pipelines, one per `ShapesKey`: the shader specialised to a material's
    /// pattern (a CPU renderer runs every branch a pixel might take, so one shader for all
    /// patterns would cost every pixel all of them) and to lamps or none. Made when a frame
    /// first needs one: each costs a CPU renderer several milliseconds to make.
    pub shapes: std::collections::HashMap<ShapesKey, wgpu::RenderPipeline>,
    /// What those are built from.
    pub layout: wgpu::PipelineLayout,
    pub samples: u32,
    pub sky_pipeline: wgpu::RenderPipeline,
    pub shadow_pipeline: wgpu::RenderPipeline,
}

pub(crate) fn scene_passes(device: &wgpu::Device, module: &wgpu::ShaderModule, samples: u32) -> ScenePasses {
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
    let vertex_layouts = scene_vertex_layouts();
    // Shadows draw both faces of everything.
    let prim = wgpu::PrimitiveState { cull_mode: None, ..Default::default() };
    // The sky is drawn last into the colour target, only where no shape wrote depth
    // (reversed Z: cleared to 0). The shapes' pipelines are made as frames need them
    // (`ensure_shapes`).
    let sky_pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some("sky"),
        layout: Some(&layout),
        vertex: wgpu::VertexState { module, entry_point: Some("vs_sky"), compilation_options: Default::default(), buffers: &[] },
        primitive: Default::default(),
        depth_stencil: Some(wgpu::DepthStencilState {
            format: DEPTH_FORMAT,
            depth_write_enabled: Some(false),
            depth_compare: Some(wgpu::CompareFunction::GreaterEqual),
            stencil: Default::default(),
            bias: Default::default(),
        }),
        multisample: wgpu::MultisampleState { count: samples, ..Default::default() },
        fragment: Some(scene_fragment(module, "fs_sky", &mut Vec::new(), samples)),
        multiview_mask: None,
        cache: None,
    });
    let shadow_pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some("shadow"),
        layout: Some(&shadow_layout),
        vertex: wgpu::VertexState { module, entry_point: Some("vs_shadow"), compilation_options: Default::default(), buffers: &vertex_layouts },
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

    ScenePasses { bgl, shadow_bgl, sky_pipeline, shadow_pipeline, shapes: Default::default(), layout, samples }
}

/// The vertex buffers the scene's shapes are drawn from: a mesh's vertices, and instances.
fn scene_vertex_layouts() -> [Option<wgpu::VertexBufferLayout<'static>>; 2] {
    const INSTANCE: [wgpu::VertexAttribute; 13] = wgpu::vertex_attr_array![2 => Float32x4, 3 => Float32x4, 4 => Float32x4, 5 => Float32x4, 6 => Float32x4, 7 => Float32x4, 8 => Float32x4, 9 => Float32x4, 10 => Float32x4, 11 => Float32x4, 12 => Float32x4, 13 => Float32x4, 14 => Float32x4];
    const VERTEX: [wgpu::VertexAttribute; 2] = wgpu::vertex_attr_array![0 => Float32x3, 1 => Float32x3];
    [
        Some(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<mesh::Vertex>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &VERTEX,
        }),
        Some(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<Instance>() as u64,
            step_mode: wgpu::VertexStepMode::Instance,
            attributes: &INSTANCE,
        }),
    ]
}

/// Which shapes a pipeline draws: built-in shapes (closed, back faces culled) or models
/// (both faces drawn); of which material pattern (0: none); with lamps or not.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ShapesKey {
    pub model: bool,
    pub pattern: u8,
    pub lamps: bool,
}

impl ScenePasses {
    /// Make the shapes' pipeline for `key` if it is not made yet.
    pub(crate) fn ensure_shapes(&mut self, device: &wgpu::Device, module: &wgpu::ShaderModule, key: ShapesKey) {
        if self.shapes.contains_key(&key) {
            return;
        }
        // (A model has no pattern: its pipeline is the plain one.)
        let pattern = if key.model { 0 } else { key.pattern };
        let mut constants: Vec<(&str, f64)> = [("PATTERN", pattern as f64)].into_iter().chain((!key.lamps).then_some(("LAMPS", 0.0))).collect();
        let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some(if key.model { "models" } else { "shapes" }),
            layout: Some(&self.layout),
            vertex: wgpu::VertexState { module, entry_point: Some("vs_main"), compilation_options: Default::default(), buffers: &scene_vertex_layouts() },
            // Built-in shapes are closed and wound counter-clockwise seen from outside, so
            // their back faces are culled (on a CPU renderer about a tenth of the frame); a
            // model may be open or double-sided, so its faces are all drawn.
            primitive: wgpu::PrimitiveState { cull_mode: (!key.model).then_some(wgpu::Face::Back), ..Default::default() },
            depth_stencil: Some(wgpu::DepthStencilState {
                format: DEPTH_FORMAT,
                depth_write_enabled: Some(true),
                depth_compare: Some(wgpu::CompareFunction::Greater),
                stencil: Default::default(),
                bias: Default::default(),
            }),
            multisample: wgpu::MultisampleState { count: self.samples, ..Default::default() },
            fragment: Some(scene_fragment(module, "fs_main", &mut constants, self.samples)),
            multiview_mask: None,
            cache: None,
        });
        self.shapes.insert(key, pipeline);
    }
}

/// The post passes and their targets: depth of field from the resolved picture, FXAA from
/// either.
pub(crate) struct PostPasses {
    pub resolve: wgpu::Texture,
    pub resolve_view: wgpu::TextureView,
    pub post_module: wgpu::ShaderModule,
    /// Made when a frame first needs it (`dof_pipeline`), as FXAA's (`fxaa_pipeline`).
    dof_pipeline: std::sync::OnceLock<wgpu::RenderPipeline>,
    dof_bgl: wgpu::BindGroupLayout,
    samples: u32,
    pub dof_uniform: wgpu::Buffer,
    pub dof_bind_group: wgpu::BindGroup,
    pub dof_target: wgpu::Texture,
    pub dof_view: wgpu::TextureView,
    fxaa_pipeline: std::sync::OnceLock<wgpu::RenderPipeline>,
    fxaa_bgl: wgpu::BindGroupLayout,
    pub fxaa_from_resolve: wgpu::BindGroup,
    pub fxaa_from_dof: wgpu::BindGroup,
    pub fxaa_target: wgpu::Texture,
    pub fxaa_view: wgpu::TextureView,
    pub fxaa_uniform: wgpu::Buffer,
    /// The finished pictures (before and after depth of field) as their encoded bytes.
    pub raw_resolve_view: wgpu::TextureView,
    pub raw_dof_view: wgpu::TextureView,
}

pub(crate) fn post_passes(device: &wgpu::Device, queue: &wgpu::Queue, width: u32, height: u32, samples: u32) -> PostPasses {
    let tex = |label, w, h, samples, format, usage| texture(device, label, w, h, samples, format, usage);
    // A finished picture: drawn into, read by the next pass, copied out.
    let picture = |label| {
        tex(
            label,
            width,
            height,
            1,
            scene_format(samples),
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
    // (With one sample the picture holds sRGB-encoded values: the blur decodes them.)
    let dof_uniform = uniform_buffer(device, "dof", std::mem::size_of::<PostUniform>());
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
    // FXAA: a full-screen pass from the finished picture.
    let fxaa_bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("fxaa"),
        entries: &[uniform_entry(wgpu::ShaderStages::FRAGMENT), texture_entry(1, false)],
    });
    // (z: the row pitch of an NV12 frame, for `nv12.rs`.)
    let fxaa_uniform = uniform_buffer(device, "fxaa", std::mem::size_of::<PostUniform>());
    let fxaa_group = |view: &wgpu::TextureView| {
        device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &fxaa_bgl,
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: fxaa_uniform.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(view) },
            ],
        })
    };
    // FXAA reads and writes the encoded bytes: no sRGB decode per tap, no encode per pixel,
    // and its luma is on gamma-encoded values, as FXAA wants.
    let raw_view = |t: &wgpu::Texture| t.create_view(&wgpu::TextureViewDescriptor { format: Some(RAW_FORMAT), ..Default::default() });
    let (raw_resolve_view, raw_dof_view) = (raw_view(&resolve), raw_view(&dof_target));
    let fxaa_from_resolve = fxaa_group(&raw_resolve_view);
    let fxaa_from_dof = fxaa_group(&raw_dof_view);
    let fxaa_target = tex("fxaa", width, height, 1, RAW_FORMAT, wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC);
    let fxaa_view = fxaa_target.create_view(&Default::default());
    queue.write_buffer(&fxaa_uniform, 0, bytemuck::bytes_of(&PostUniform { dof: [0.0; 4], size: [width as f32, height as f32, nv12_row(width) as f32, 0.0] }));
    PostPasses {
        resolve,
        resolve_view,
        post_module,
        dof_pipeline: Default::default(),
        dof_bgl,
        samples,
        dof_uniform,
        dof_bind_group,
        dof_target,
        dof_view,

        fxaa_pipeline: Default::default(),
        fxaa_bgl,
        fxaa_from_resolve,
        fxaa_from_dof,
        fxaa_target,
        fxaa_view,
        fxaa_uniform,
        raw_resolve_view,
        raw_dof_view,
    }
}

impl PostPasses {
    /// The depth-of-field pass. (With one sample the picture holds sRGB-encoded values: the
    /// blur decodes them.)
    pub(crate) fn dof_pipeline(&self, device: &wgpu::Device) -> &wgpu::RenderPipeline {
        self.dof_pipeline.get_or_init(|| {
            let decode = if self.samples > 1 { 0.0 } else { 1.0 };
            post_pipeline(device, &self.post_module, &self.dof_bgl, "dof", "fs_dof", scene_format(self.samples), &[("DECODE", decode)])
        })
    }

    /// FXAA into an RGBA picture (NV12 frames fold it into their own pass).
    pub(crate) fn fxaa_pipeline(&self, device: &wgpu::Device) -> &wgpu::RenderPipeline {
        self.fxaa_pipeline.get_or_init(|| post_pipeline(device, &self.post_module, &self.fxaa_bgl, "fxaa", "fs_fxaa", RAW_FORMAT, &[]))
    }
}
