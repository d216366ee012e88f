//! Rendering a frame: shadow, scene, post passes and the read-back, with one frame
//! rendering while the one before is copied out (`submit`, then `collect`).

use super::*;

impl Renderer {
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
        self.upload_models(bake);
        self.skinning.upload(&self.device, bake);
        self.skinning.write_bones(&self.device, &self.queue, bake, frame, self.height);
        let lamps = usize::from(!bake.lights.is_empty());
        let ranges = self.write_instances(bake, frame);
        for run in &ranges {
            self.scene.ensure_shapes(&self.device, &self.module, run.shapes_key(lamps == 1));
        }
        if bake.figures.iter().any(|f| f.skin.is_some()) {
            self.skinning.ensure(&self.device, &self.module, lamps == 1);
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
            pass.set_pipeline(&self.scene.shadow_pipeline);
            pass.set_bind_group(0, &self.shadow_bind_group, &[]);
            self.draw_meshes(&mut pass, &ranges, true, bake);
            self.skinning.draw(&mut pass, bake, true, lamps);
        }
        {
            let mut pass = enc.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("scene"),
                color_attachments: &[Some(match &self.msaa_view {
                    Some(msaa) => wgpu::RenderPassColorAttachment {
                        view: msaa,
                        depth_slice: None,
                        resolve_target: Some(&self.post.resolve_view),
                        ops: wgpu::Operations { load: wgpu::LoadOp::Clear(wgpu::Color::BLACK), store: wgpu::StoreOp::Discard },
                    },
                    None => wgpu::RenderPassColorAttachment {
                        view: &self.post.resolve_view,
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
            self.skinning.draw(&mut pass, bake, false, lamps);
            pass.set_pipeline(&self.scene.sky_pipeline);
            pass.draw(0..3, 0..1);
        }
        let dof = globals.dof[0] > 0.5;
        if dof {
            self.queue.write_buffer(&self.post.dof_uniform, 0, bytemuck::bytes_of(&self.dof_uniform_for(&frame.camera)));
            full_screen_pass(&mut enc, "depth of field", &self.post.dof_view, self.post.dof_pipeline(&self.device), &self.post.dof_bind_group);
        }
        let mut shown = if dof { &self.post.dof_target } else { &self.post.resolve };
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
            Some(p) => p.record(&mut enc, dof, readback),
            None => {
                if self.antialias == Antialias::Fxaa {
                    let source = if dof { &self.post.fxaa_from_dof } else { &self.post.fxaa_from_resolve };
                    full_screen_pass(&mut enc, "fxaa", &self.post.fxaa_view, self.post.fxaa_pipeline(&self.device), source);
                    shown = &self.post.fxaa_target;
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

    /// The bake's models on the device, uploaded once per bake.
    fn upload_models(&mut self, bake: &Bake) {
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
    }

    /// This frame's instances written to the device, in runs that one draw call each draws:
    /// by mesh (in the order of `self.meshes`), the floor last within a mesh (so early depth
    /// testing culls the most), then by pattern.
    fn write_instances(&mut self, bake: &Bake, frame: &Frame) -> Vec<Run> {
        // (A model the bake does not have is drawn as nothing.)
        let count = bake.nodes.len().min(frame.nodes.len());
        let mesh_of: Vec<usize> = (0..count).map(|i| mesh_index(bake.nodes[i].shape, detail_for(&frame.nodes[i], &frame.camera, self.height))).collect();
        let pattern_of = |i: usize| match bake.nodes[i].surface {
            _ if mesh_of[i] >= BUILT_IN_MESHES => 0,
            Surface::Finish { pattern, .. } => pattern as u8,
            Surface::Floor => bake.env.ground.map_or(0, |g| if let Surface::Finish { pattern, .. } = g { pattern as u8 } else { 0 }),
            _ => 0,
        };
        let key = |i: usize| (mesh_of[i], bake.nodes[i].surface == Surface::Floor, pattern_of(i));
        let mut order: Vec<usize> = (0..count).filter(|&i| mesh_of[i] < self.meshes.len()).collect();
        order.sort_by_key(|&i| key(i));
        let occ = occluders_of(bake, frame);
        let mut inst: Vec<Instance> = Vec::with_capacity(order.len());
        let mut runs: Vec<Run> = Vec::new();
        for &i in &order {
            let (desc, xf) = (&bake.nodes[i], &frame.nodes[i]);
            let k = inst.len() as u32;
            let (mesh, floor, pattern) = key(i);
            match runs.last_mut() {
                Some(r) if (r.mesh, r.floor, r.pattern) == (mesh, floor, pattern) => r.range.end = k + 1,
                _ => runs.push(Run { mesh, floor, pattern, range: k..k + 1 }),
            }
            let m = xf.world_from_node();
            let n = Mat3::from_mat4(m).inverse().transpose();
            let (surface, finish) = match desc.surface {
                Surface::Matte => (0.0, [0.0; 4]),
                Surface::Glossy => (1.0, [0.0; 4]),
                Surface::Floor => match bake.env.ground {
                    Some(Surface::Finish { roughness, scale_m, .. }) => (2.0, [roughness, 0.0, 0.0, scale_m]),
                    _ => (2.0, [0.0; 4]),
                },
                // The pattern is the pipeline's (see `Run`), not the instance's.
                Surface::Finish { roughness, metalness, scale_m, .. } => (3.0, [roughness, metalness, 0.0, scale_m]),
            };
            inst.push(Instance {
                world_from_node: m.to_cols_array_2d(),
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
        runs
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

    pub(crate) fn draw_meshes(&self, pass: &mut wgpu::RenderPass<'_>, runs: &[Run], shadow: bool, bake: &Bake) {
        pass.set_vertex_buffer(1, self.instances.slice(..));
        let lamps = usize::from(!bake.lights.is_empty());
        // Spheres, cylinders and models before the boxes, whose last is the floor. The floor
        // casts no shadow onto anything; the shadow pass skips it.
        let (boxes, rest): (Vec<&Run>, Vec<&Run>) = runs.iter().partition(|r| r.mesh == 0);
        for r in rest.into_iter().chain(boxes).filter(|r| !(shadow && r.floor)) {
            if !shadow {
                // (Made in `submit` before drawing.)
                let Some(pipeline) = self.scene.shapes.get(&r.shapes_key(lamps == 1)) else { continue };
                pass.set_pipeline(pipeline);
            }
            let m = &self.meshes[r.mesh];
            pass.set_vertex_buffer(0, m.vertices.slice(..));
            pass.set_index_buffer(m.indices.slice(..), wgpu::IndexFormat::Uint32);
            pass.draw_indexed(0..m.count, 0, r.range.clone());
        }
    }

    #[allow(deprecated)]
    pub(crate) fn globals_for(&self, bake: &Bake, frame: &Frame) -> Globals {
        let eye = Vec3::from(frame.camera.eye);
        let clip_from_world = camera_matrix(&frame.camera, self.width as f32 / self.height as f32);
        let aspect = self.width as f32 / self.height as f32;
        let sun = shadow::sun_view(&bake.env, &frame.camera, aspect, SHADOW_SIZE);
        let sun_dir = Vec3::from(bake.env.sun_direction).normalize_or(Vec3::NEG_Y);
        let strength = bake.env.sun_strength.max(0.0);
        let (zenith, horizon, sun_rgb, amb_sky, amb_ground) = match bake.env.sky {
            SkyKind::Evening => ([0.10, 0.16, 0.38], [1.0, 0.52, 0.28], [1.0, 0.72, 0.48], [0.26, 0.30, 0.46], [0.16, 0.10, 0.07]),
            SkyKind::Noon => ([0.12, 0.30, 0.75], [0.62, 0.74, 0.92], [1.0, 0.97, 0.92], [0.30, 0.38, 0.55], [0.14, 0.12, 0.10]),
            SkyKind::Overcast => ([0.50, 0.53, 0.58], [0.68, 0.70, 0.73], [0.35, 0.35, 0.36], [0.50, 0.52, 0.56], [0.22, 0.21, 0.20]),
        };
        let sun_scale = 0.42 * strength;
        // A weak sun is a dim world (dusk, a stage house): the sky and the light it gives
        // dim with it, so lamps and spotlights carry the scene. Full from 1.5 up.
        let sky_k = (strength / 1.5).clamp(0.15, 1.0);
        let v4 = |c: [f32; 3], k: f32| [c[0] * k, c[1] * k, c[2] * k, 1.0];
        Globals {
            clip_from_world: clip_from_world.to_cols_array_2d(),
            world_from_clip: clip_from_world.inverse().to_cols_array_2d(),
            light_clip_from_world: sun.light_clip_from_world.to_cols_array_2d(),
            camera_pos: eye.extend(1.0).into(),
            sun_dir: [sun_dir.x, sun_dir.y, sun_dir.z, sun.texel_m],
            sun_color: v4(sun_rgb, sun_scale),
            sky_zenith: v4(zenith, sky_k),
            sky_horizon: v4(horizon, sky_k),
            ambient_sky: v4(amb_sky, sky_k),
            ambient_ground: v4(amb_ground, sky_k),
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
    pub(crate) fn dof_uniform_for(&self, cam: &reel_bake::CameraPose) -> PostUniform {
        let h = self.height as f32;
        let focal_m = 0.012 / (cam.fov_y_rad * 0.5).tan().max(1e-4);
        let per_inv_m = focal_m * focal_m / cam.f_number.max(0.5) / 0.024 * h;
        PostUniform { dof: [0.0, 1.0 / cam.focus_m.max(1e-3), per_inv_m, h / 30.0], size: [self.width as f32, h, 0.0, 0.0] }
    }
}

/// Instances drawn by one call: of one mesh, the floor or not, of one pattern (0: none).
pub(crate) struct Run {
    mesh: usize,
    floor: bool,
    pattern: u8,
    range: std::ops::Range<u32>,
}

impl Run {
    fn shapes_key(&self, lamps: bool) -> ShapesKey {
        ShapesKey { model: self.mesh >= BUILT_IN_MESHES, pattern: self.pattern, lamps }
    }
}
