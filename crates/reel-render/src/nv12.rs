//! NV12 frames for video, made on the device: one compute pass (`cs_nv12` in
//! `shaders/post.wgsl`) reads the finished picture, anti-aliases the luma when FXAA is on,
//! and writes the Y plane and the half-size Cb Cr plane straight into a buffer that is then
//! copied to the read-back buffer. 1.5 bytes a pixel leave the device.

use super::*;

/// The bytes between rows of both planes: the width rounded up to whole 32-bit words (a
/// chroma row, width / 2 pairs of bytes, is as long as a luma row).
pub(crate) fn nv12_row(width: u32) -> u32 {
    width.next_multiple_of(4)
}

/// The NV12 pass and the buffer it fills.
pub(crate) struct Nv12Pass {
    pipeline: wgpu::ComputePipeline,
    from_resolve: wgpu::BindGroup,
    from_dof: wgpu::BindGroup,
    buffer: wgpu::Buffer,
    /// The row pitch of both planes, and where the chroma plane starts.
    pub row: u32,
    pub uv_offset: u64,
    width: u32,
    height: u32,
}

/// Pixels an invocation of `cs_nv12` takes (4 wide, 2 high), times its 8x8 workgroup.
const BLOCK: (u32, u32) = (32, 16);

impl Nv12Pass {
    pub(crate) fn new(device: &wgpu::Device, post: &PostPasses, antialias: Antialias, width: u32, height: u32) -> Nv12Pass {
        let row = nv12_row(width);
        let bytes = row as u64 * height as u64 * 3 / 2;
        let compute = wgpu::ShaderStages::COMPUTE;
        let bgl = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("nv12"),
            entries: &[
                uniform_entry(compute),
                wgpu::BindGroupLayoutEntry { visibility: compute, ..texture_entry(1, false) },
                wgpu::BindGroupLayoutEntry {
                    binding: 2,
                    visibility: compute,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Storage { read_only: false },
                        has_dynamic_offset: false,
                        min_binding_size: None,
                    },
                    count: None,
                },
            ],
        });
        let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor { label: None, bind_group_layouts: &[Some(&bgl)], immediate_size: 0 });
        let fxaa = if antialias == Antialias::Fxaa { 1.0 } else { 0.0 };
        let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some("nv12"),
            layout: Some(&layout),
            module: &post.post_module,
            entry_point: Some("cs_nv12"),
            compilation_options: wgpu::PipelineCompilationOptions { constants: &[("FXAA", fxaa)], ..Default::default() },
            cache: None,
        });
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("nv12"),
            size: bytes,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        });
        let group = |view: &wgpu::TextureView| {
            device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: None,
                layout: &bgl,
                entries: &[
                    wgpu::BindGroupEntry { binding: 0, resource: post.fxaa_uniform.as_entire_binding() },
                    wgpu::BindGroupEntry { binding: 1, resource: wgpu::BindingResource::TextureView(view) },
                    wgpu::BindGroupEntry { binding: 2, resource: buffer.as_entire_binding() },
                ],
            })
        };
        let (from_resolve, from_dof) = (group(&post.raw_resolve_view), group(&post.raw_dof_view));
        Nv12Pass { pipeline, from_resolve, from_dof, buffer, row, uv_offset: row as u64 * height as u64, width, height }
    }

    /// The bytes of a frame in the read-back buffer.
    pub(crate) fn bytes(&self) -> u64 {
        self.buffer.size()
    }

    /// Convert the finished picture (after depth of field when `dof`) into `readback`.
    pub(crate) fn record(&self, enc: &mut wgpu::CommandEncoder, dof: bool, readback: &wgpu::Buffer) {
        {
            let mut pass = enc.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some("nv12"), timestamp_writes: None });
            pass.set_pipeline(&self.pipeline);
            pass.set_bind_group(0, if dof { &self.from_dof } else { &self.from_resolve }, &[]);
            pass.dispatch_workgroups(self.width.div_ceil(BLOCK.0), self.height.div_ceil(BLOCK.1), 1);
        }
        enc.copy_buffer_to_buffer(&self.buffer, 0, readback, 0, self.bytes());
    }
}
