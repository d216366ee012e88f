//! Declarations: scene settings, world, materials, props, actors, lights and cameras, each
//! bound against its archetype's declared properties and lowered into the IR.

use super::*;

impl Checker<'_> {
    /// A `material` declaration: checked and remembered by name. `stock` ones come from the
    /// stdlib and are checked silently (their spans are in another file).
    pub(crate) fn material(&mut self, m: &ast::MaterialDecl, stock: bool) {
        let before = self.diags.len();
        let material = self.material_values(Some(&m.props));
        if stock {
            self.diags.truncate(before);
        } else if let Some((_, prev)) = self.materials.get(&m.name.name).filter(|(_, s)| *s != Span::default()) {
            let d = Diag::error(Code::E0104, m.name.span, format!("the material `{}` is declared twice", m.name.name))
                .label("declared again here")
                .with(*prev, "first declared here")
                .help("give each material its own name");
            self.err(d);
            return;
        }
        let span = if stock { Span::default() } else { m.name.span };
        self.materials.insert(m.name.name.clone(), (material, span));
    }

    /// A material block's values; what it leaves out takes the `material` archetype's
    /// declared defaults (so an empty block is the material of a prop that names none).
    pub(crate) fn material_values(&mut self, block: Option<&PropsBlock>) -> Material {
        let p = self.props(block, "a `material`", props_of("material"));
        let color = p.get("color").map(|b| color_of(b, "color", [0.0; 3])).unwrap_or_default();
        let roughness = self.ranged(p.get("roughness"), "value", 0.0..=1.0, "roughness must be between 0 and 1", None).unwrap_or_default();
        let metalness = self.ranged(p.get("metalness"), "value", 0.0..=1.0, "metalness must be between 0 and 1", None).unwrap_or_default();
        let help = Some("1 bounces back to the same height, 0 does not bounce");
        let restitution = self.ranged(p.get("bounciness"), "restitution", 0.0..=1.0, "bounciness must be between 0 and 1", help).unwrap_or_default();
        let friction = self.ranged(p.get("friction"), "coefficient", 0.0..=2.0, "friction must be between 0 and 2", None).unwrap_or_default();
        let density =
            self.ranged(p.get("density"), "kg_per_m3", 1.0..=25000.0, "density must be between 1 and 25000 kg per cubic metre", None).unwrap_or_default();
        let rolling = self.ranged(p.get("rolling"), "coefficient", 0.0..=1.0, "rolling resistance must be between 0 and 1", None).unwrap_or_default();
        let pattern = p.get("pattern").and_then(|b| b.word("kind")).and_then(|w| ir::Pattern::ALL.into_iter().find(|k| k.name() == w)).unwrap_or_default();
        let pattern_scale_m =
            self.ranged(p.get("scale"), "size", 0.01..=100.0, "a pattern's scale must be between 1cm and 100m", None).unwrap_or_default() as f32;
        Material { color, finish: ir::Finish { roughness, metalness, pattern, pattern_scale_m }, restitution, friction, density, rolling }
    }

    /// The material a `material NAME` property names, with a suggestion when unknown.
    pub(crate) fn material_named(&mut self, b: Option<&Bound>) -> Option<Material> {
        let (Got::Name(path), span) = b?.get("material")? else { return None };
        if let Some((m, _)) = self.materials.get(&path[0].name) {
            return Some(*m);
        }
        let mut d = Diag::error(Code::E0101, *span, format!("unknown material `{}`", path[0].name)).label("not declared");
        d = match suggest(&path[0].name, self.materials.keys().map(|s| s.as_str())) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => {
                let stock: Vec<&str> = self.materials.iter().filter(|(_, (_, s))| *s == Span::default()).map(|(n, _)| n.as_str()).collect();
                d.help(format!("declare it with `material {} {{ … }}`, or use a stock one: {}", path[0].name, stock.join(", ")))
            }
        };
        self.err(d);
        None
    }

    pub(crate) fn scene_settings(&mut self, block: &PropsBlock, resolution: &mut [u32; 2], fps: &mut u32, duration: &mut Option<f64>) {
        let p = self.props(Some(block), "`scene`", props_of("scene"));
        if let Some(b) = p.get("resolution") {
            if let Some((Got::Resolution(w, h), span)) = b.get("size") {
                if *w < 16 || *h < 16 || *w > MAX_WIDTH || *h > MAX_HEIGHT || w % 2 != 0 || h % 2 != 0 {
                    self.err(
                        Diag::error(Code::E0208, *span, format!("resolution {w}x{h} is outside the limits"))
                            .label("unsupported resolution")
                            .help(format!("width and height must be even, at least 16 and at most {MAX_WIDTH}x{MAX_HEIGHT}")),
                    );
                } else {
                    *resolution = [*w, *h];
                }
            }
        }
        if let Some(b) = p.get("fps") {
            let (v, span) = (b.num("rate").unwrap_or_default(), b.span("rate").unwrap_or_default());
            if v.fract() != 0.0 || !(1.0..=MAX_FPS).contains(&v) {
                self.err(
                    Diag::error(Code::E0208, span, format!("fps {v} is outside the limits"))
                        .label("unsupported frame rate")
                        .help(format!("a whole number from 1 to {MAX_FPS}")),
                );
            } else {
                *fps = v as u32;
            }
        }
        if let Some(b) = p.get("duration") {
            let (v, span) = (b.num("length").unwrap_or_default(), b.span("length").unwrap_or_default());
            if v <= 0.0 || v > MAX_DURATION_SECS {
                self.err(
                    Diag::error(Code::E0208, span, format!("a duration of {v}s is outside the limits"))
                        .label("unsupported duration")
                        .help(format!("more than 0s and at most {MAX_DURATION_SECS}s")),
                );
            } else {
                *duration = Some(v);
            }
        }
    }

    pub(crate) fn world(&mut self, block: &PropsBlock, world: &mut ir::World) {
        let p = self.props(Some(block), "`world`", props_of("world"));
        if let Some(b) = p.get("gravity") {
            let g = b.num("strength").unwrap_or_default();
            if !(0.0..=1000.0).contains(&g) {
                let span = b.span("strength").unwrap_or_default();
                self.err(Diag::error(Code::E0208, span, "gravity must be between 0 and 1000 m/s2").label("out of range"));
            } else {
                world.gravity_mps2 = g as f32;
            }
        }
        if let Some(w) = p.get("sky").and_then(|b| b.word("kind")) {
            world.sky = match w {
                "evening" => ir::Sky::Evening,
                "overcast" => ir::Sky::Overcast,
                _ => ir::Sky::Noon,
            };
        }
        if let Some(m) = self.material_named(p.get("ground")) {
            world.ground = Some(ir::Ground { finish: m.finish, restitution: m.restitution as f32, friction: m.friction as f32, rolling: m.rolling as f32 });
            world.floor_color = m.color;
        }
        // The ground's colour, unless `floor` is written out.
        if let Some(b) = p.get("floor").filter(|b| world.ground.is_none() || !b.defaulted) {
            world.floor_color = color_of(b, "color", world.floor_color);
        }
        if let Some(b) = p.get("sun") {
            if let Some((Got::Block(blk), _)) = b.get("settings") {
                let sp = self.props(Some(blk), "`sun`", props_of("sun"));
                if let Some(sb) = sp.get("direction") {
                    let v = sb.vec("vector").unwrap_or(&[0.0, -1.0, 0.0]);
                    let d = [v[0] as f32, v[1] as f32, v[2] as f32];
                    let len = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
                    if len < 1e-6 || d[1] >= 0.0 {
                        let span = sb.span("vector").unwrap_or_default();
                        self.err(
                            Diag::error(Code::E0208, span, "the sun must shine downward")
                                .label("direction with no downward (-y) part")
                                .help("give the direction light travels, e.g. `(-0.4, -1, -0.3)`"),
                        );
                    } else {
                        world.sun_direction = normalize(d);
                    }
                }
                if let Some(s) = sp.get("strength").and_then(|b| b.num("value")) {
                    world.sun_strength = s.clamp(0.0, 100.0) as f32;
                }
            }
        }
    }

    pub(crate) fn prop(&mut self, d: &ast::EntityDecl) {
        let index = self.props.len();
        self.declare(&d.name, EntityKind::Prop, index);
        self.prop_archetypes.push(d.archetype.name.clone());
        if !self.archetype(&d.archetype, "prop", "a prop") {
            // Keep a placeholder so indices stay aligned with declarations.
            return self.placeholder_prop(d);
        }
        match d.archetype.name.as_str() {
            "ball" => return self.ball(d),
            "box" | "domino" | "wall" | "chair" | "cup" | "can" | "pin" | "stick" | "bin" => return self.solid(d),
            "ramp" => return self.ramp(d),
            "cushion" => return self.cushion(d),
            "tree" => return self.tree(d),
            _ => {}
        }
        let p = self.props(d.props.as_ref(), &format!("a `{}`", d.archetype.name), props_of(&d.archetype.name));
        let mut size = [1.6f32, 0.75, 0.9];
        if let Some(v) = p.get("size").and_then(|b| b.vec("size")) {
            if v.iter().any(|x| *x <= 0.0 || *x > 100.0) {
                let span = p["size"].span("size").unwrap_or_default();
                self.err(Diag::error(Code::E0208, span, "every side of a table must be more than 0m and at most 100m").label("out of range"));
            } else {
                size = [v[0] as f32, v[1] as f32, v[2] as f32];
            }
        }
        let mut pos = [0.0f32, 0.0, 0.0];
        if let Some(v) = p.get("at").and_then(|b| b.vec("position")) {
            pos = [v[0] as f32, 0.0, v[1] as f32];
        }
        let material = self.material_named(p.get("material"));
        let color = surface_color(p.get("color"), material);
        let finish = material.map(|m| m.finish);
        let model = self.model_of(p.get("model"), None);
        let yaw = p.get("turn").and_then(|b| b.num("angle")).unwrap_or_default() as f32;
        self.props.push(ir::Prop {
            name: d.name.name.clone(),
            kind: ir::PropKind::Table { size_m: size, yaw_rad: yaw },
            position_m: pos,
            color,
            finish,
            model,
            appears_secs: None,
        });
    }

    pub(crate) fn ball(&mut self, d: &ast::EntityDecl) {
        let p = self.props(d.props.as_ref(), "a `ball`", props_of("ball"));
        let radius = self.ranged(p.get("radius"), "length", 0.001..=10.0, "a ball's radius must be between 1mm and 10m", None).unwrap_or_default();
        let material = self.material_named(p.get("material"));
        // `material` defaults to rubber in the stdlib: bound unless its name was unknown (E0101).
        let plain = material.unwrap_or_else(|| self.material_values(None));
        let (mut restitution, friction, density, rolling) = (plain.restitution, plain.friction, plain.density, plain.rolling);
        let help = Some("1 bounces back to the same height, 0 does not bounce");
        if let Some(e) = self.ranged(p.get("bounciness"), "restitution", 0.0..=1.0, "bounciness must be between 0 and 1", help) {
            restitution = e;
        }
        let mut pos = [0.0f32, radius, 0.0];
        if let Some(v) = p.get("at").and_then(|b| b.vec("position")) {
            pos = [v[0] as f32, v[1] as f32, v[2] as f32];
        }
        if let Some(b) = p.get("on") {
            if let Some(base) = self.surface_point(b, radius) {
                pos = base;
            }
        }
        let velocity = p.get("velocity").and_then(|b| b.vec("velocity")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or([0.0; 3]);
        if velocity.iter().any(|c| c.abs() > 1000.0) {
            self.err(Diag::error(Code::E0208, p["velocity"].span("velocity").unwrap_or_default(), "a speed must be at most 1000 m/s").label("out of range"));
        }
        let color = surface_color(p.get("color"), material.filter(|_| p.get("material").is_some_and(|b| !b.defaulted)));
        let model = self.model_of(p.get("model"), None);
        self.props.push(ir::Prop {
            name: d.name.name.clone(),
            kind: ir::PropKind::Ball { radius_m: radius, velocity_mps: velocity, restitution, friction, density_kgpm3: density, rolling },
            position_m: pos,
            color,
            finish: material.map(|m| m.finish),
            model,
            appears_secs: None,
        });
    }

    /// Boxes, dominoes, walls, chairs and cups: solid props with a size, a place, a turn
    /// and a material.
    pub(crate) fn solid(&mut self, d: &ast::EntityDecl) {
        let arch = d.archetype.name.as_str();
        let p = self.props(d.props.as_ref(), &format!("a `{arch}`"), props_of(arch));
        let material = self.material_named(p.get("material"));
        let color = surface_color(p.get("color"), material.filter(|_| p.get("material").is_some_and(|b| !b.defaulted)));
        let plain = material.unwrap_or_else(|| self.material_values(None));
        let (restitution, friction, density) = (plain.restitution, plain.friction, plain.density);
        let mut size = p.get("size").and_then(|b| b.vec("size")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or_default();
        let cylinder = lib().is_a(arch, "cup");
        if cylinder {
            let r = self.ranged(p.get("radius"), "length", 0.001..=10.0, "a cup's radius must be between 1mm and 10m", None).unwrap_or_default();
            let h = self.ranged(p.get("height"), "length", 0.001..=10.0, "a cup's height must be between 1mm and 10m", None).unwrap_or_default();
            size = [2.0 * r, h, 2.0 * r];
        } else if let Some(b) = p.get("size").filter(|_| size.iter().any(|x| *x <= 0.0 || *x > 100.0)) {
            let span = b.span("size").unwrap_or_default();
            self.err(Diag::error(Code::E0208, span, format!("every side of a {arch} must be more than 0m and at most 100m")).label("out of range"));
        }
        let mut pos = p.get("at").and_then(|b| b.vec("position")).map(|v| [v[0] as f32, 0.0, v[1] as f32]).unwrap_or([0.0; 3]);
        if let Some(b) = p.get("on") {
            if p.get("at").is_some_and(|a| !a.defaulted) {
                self.err(
                    Diag::error(Code::E0205, p["at"].span("position").unwrap_or_default(), format!("`at` and `on` both place the {arch}"))
                        .label("placed twice")
                        .help("use `on PROP at (x, z)` on a prop, or `at (x, z)` on the floor"),
                );
            }
            if let Some(base) = self.surface_point(b, 0.0) {
                pos = base;
            }
        }
        let yaw = p.get("turn").and_then(|b| b.num("angle")).unwrap_or(0.0) as f32;
        let kind = match arch {
            "chair" => {
                let seat = self.ranged(p.get("seat"), "height", 0.01..=100.0, "a seat's height must be more than 1cm", None).unwrap_or_default();
                if seat >= size[1] && p.get("size").is_some() {
                    let span = p.get("seat").map(|b| b.span("height").unwrap_or_default()).unwrap_or(d.name.span);
                    self.err(
                        Diag::error(Code::E0208, span, "the seat must be lower than the chair's back")
                            .label("seat above the back")
                            .help("the chair's size y is its back's top"),
                    );
                }
                ir::PropKind::Chair { size_m: size, seat_m: seat.min(size[1] * 0.95), yaw_rad: yaw }
            }
            _ if cylinder => ir::PropKind::Cup { radius_m: size[0] / 2.0, height_m: size[1], restitution, friction, density_kgpm3: density },
            "bin" => {
                let most = 0.45 * size[0].min(size[1]).min(size[2]);
                let wall = self
                    .ranged(p.get("wall"), "thickness", 0.001..=most as f64, "a bin's walls must be thicker than 1mm and thinner than half its size", None)
                    .unwrap_or_default();
                ir::PropKind::Bin { size_m: size, wall_m: wall, yaw_rad: yaw }
            }
            _ => {
                let tilt = self.ranged(p.get("tilt"), "angle", -1.5708..=1.5708, "a tilt must be between -90deg and 90deg", None).unwrap_or_default();
                let lift = self.ranged(p.get("lift"), "height", 0.0..=100.0, "a lift must be between 0m and 100m", None).unwrap_or_default();
                pos[1] += lift;
                ir::PropKind::Block { size_m: size, yaw_rad: yaw, dynamic: arch != "wall", restitution, friction, density_kgpm3: density, tilt_rad: tilt }
            }
        };
        let finish = material.map(|m| m.finish);
        let model = self.model_of(p.get("model"), None);
        self.props.push(ir::Prop { name: d.name.name.clone(), kind, position_m: pos, color, finish, model, appears_secs: None });
    }

    /// A ramp: a static plank whose top runs from the floor at the near end of its run to
    /// its rise at the far end (a tilted block, placed so).
    pub(crate) fn ramp(&mut self, d: &ast::EntityDecl) {
        let Some(Shaped { p, material, color, plain, size }) = self.shaped(d, "ramp") else { return self.placeholder_prop(d) };
        let Some(thick) = self.ranged(p.get("thickness"), "length", 0.001..=10.0, "a ramp's thickness must be between 1mm and 10m", None) else {
            return self.placeholder_prop(d);
        };
        let [run, rise, width] = size;
        let tilt = rise.atan2(run);
        let yaw = p.get("turn").and_then(|b| b.num("angle")).unwrap_or(0.0) as f32;
        let at = p.get("at").and_then(|b| b.vec("position")).map(|v| [v[0] as f32, v[1] as f32]).unwrap_or_default();
        // The top's middle at half the rise over the run's middle: the block's centre is half
        // its thickness below that, along the tilted normal (-sin, cos).
        let (s, c) = tilt.sin_cos();
        let out = thick / 2.0 * s;
        let (ys, yc) = yaw.sin_cos();
        let centre_y = rise / 2.0 - thick / 2.0 * c;
        let pos = [at[0] + out * yc, centre_y - thick / 2.0, at[1] - out * ys];
        let model = self.model_of(p.get("model"), None);
        let kind = ir::PropKind::Block {
            size_m: [run.hypot(rise), thick, width],
            yaw_rad: yaw,
            dynamic: false,
            restitution: plain.restitution,
            friction: plain.friction,
            density_kgpm3: plain.density,
            tilt_rad: tilt,
        };
        self.props.push(ir::Prop { name: d.name.name.clone(), kind, position_m: pos, color, finish: material.map(|m| m.finish), model, appears_secs: None });
    }

    /// A tree: a trunk into a crown, static.
    pub(crate) fn tree(&mut self, d: &ast::EntityDecl) {
        let p = self.props(d.props.as_ref(), "a `tree`", props_of("tree"));
        let height = self.ranged(p.get("height"), "length", 0.5..=40.0, "a tree's height must be between 50cm and 40m", None);
        let crown = self.ranged(p.get("crown"), "radius", 0.1..=15.0, "a tree's crown must be between 10cm and 15m in radius", None);
        let (Some(height), Some(crown)) = (height, crown) else { return self.placeholder_prop(d) };
        if crown > 0.45 * height {
            let span = p.get("crown").and_then(|b| b.span("radius")).unwrap_or(d.name.span);
            self.err(Diag::error(Code::E0208, span, "a tree's crown is at most 0.45 of its height in radius").label("too wide for its height"));
            return self.placeholder_prop(d);
        }
        let at = p.get("at").and_then(|b| b.vec("position")).map(|v| [v[0] as f32, 0.0, v[1] as f32]).unwrap_or_default();
        let color = p.get("color").map(|b| color_of(b, "color", [0.0; 3])).unwrap_or_default();
        let kind = ir::PropKind::Tree { height_m: height as f32, crown_m: crown as f32 };
        self.props.push(ir::Prop { name: d.name.name.clone(), kind, position_m: at, color, finish: None, model: None, appears_secs: None });
    }

    /// A cushion: a soft slab on the floor.
    pub(crate) fn cushion(&mut self, d: &ast::EntityDecl) {
        let Some(Shaped { p, material, color, plain, size }) = self.shaped(d, "cushion") else { return self.placeholder_prop(d) };
        let Some(give) =
            self.ranged(p.get("give"), "depth", 0.001..=(0.45 * size[1] as f64), "a cushion gives more than 1mm and at most 45% of its thickness", None)
        else {
            return self.placeholder_prop(d);
        };
        let at = p.get("at").and_then(|b| b.vec("position")).map(|v| [v[0] as f32, 0.0, v[1] as f32]).unwrap_or_default();
        let yaw = p.get("turn").and_then(|b| b.num("angle")).unwrap_or_default() as f32;
        let model = self.model_of(p.get("model"), None);
        let kind = ir::PropKind::Soft { size_m: size, yaw_rad: yaw, give_m: give, friction: plain.friction };
        self.props.push(ir::Prop { name: d.name.name.clone(), kind, position_m: at, color, finish: material.map(|m| m.finish), model, appears_secs: None });
    }

    /// A shaped static prop's common part: its properties bound, its material and colour,
    /// and its size, every side in range (an E0208 and `None` otherwise).
    fn shaped<'a>(&mut self, d: &'a ast::EntityDecl, arch: &str) -> Option<Shaped<'a>> {
        let p = self.props(d.props.as_ref(), &format!("a `{arch}`"), props_of(arch));
        let material = self.material_named(p.get("material"));
        let color = surface_color(p.get("color"), material);
        let plain = material.unwrap_or_else(|| self.material_values(None));
        let size = p.get("size").and_then(|b| b.vec("size")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or_default();
        if size.iter().any(|x| *x <= 0.0 || *x > 100.0) {
            let span = p.get("size").and_then(|b| b.span("size")).unwrap_or(d.name.span);
            self.err(Diag::error(Code::E0208, span, format!("every side of a {arch} must be more than 0m and at most 100m")).label("out of range"));
            return None;
        }
        Some(Shaped { p, material, color, plain, size })
    }

    /// A prop that could not be built keeps its place, so indices stay aligned.
    fn placeholder_prop(&mut self, d: &ast::EntityDecl) {
        self.props.push(ir::Prop {
            name: d.name.name.clone(),
            kind: ir::PropKind::Table { size_m: [1.0, 0.75, 1.0], yaw_rad: 0.0 },
            position_m: [0.0; 3],
            color: [0.5; 3],
            finish: None,
            model: None,
            appears_secs: None,
        });
    }

    /// `on PROP at (x, z)`: the point on the prop's top, raised by `lift`.
    pub(crate) fn surface_point(&mut self, b: &Bound, lift: f32) -> Option<[f32; 3]> {
        let Some((Got::Name(path), _)) = b.get("surface") else { return None };
        let (_, pi) = self.resolve(&path[0], &[EntityKind::Prop])?;
        // Only a prop declared before can carry this one (found by cargo-fuzz: a box `on`
        // itself indexed a prop not built yet).
        let Some(prop) = self.props.get(pi).cloned() else {
            self.err(
                Diag::error(Code::E0101, path[0].span, format!("`{}` is not declared before this, so nothing can stand on it yet", path[0].name))
                    .label("declared later, or this very thing")
                    .help("declare what things stand on first: the table before the cup, the bottom box before the one on it"),
            );
            return None;
        };
        let Some(half) = prop.top_half_extents() else {
            self.err(
                Diag::error(Code::E0101, path[0].span, format!("`{}` is not something to stand on", prop.name))
                    .label("no flat top")
                    .help("things stand on tables, boxes, chairs or the floor"),
            );
            return None;
        };
        let at = b.vec("at").map(|v| [v[0] as f32, v[1] as f32]).unwrap_or([0.0, 0.0]);
        if at[0].abs() > half[0] || at[1].abs() > half[1] {
            let span = b.span("at").unwrap_or_default();
            self.err(
                Diag::error(Code::E0208, span, format!("this spot is off `{}`", prop.name))
                    .label(format!("outside the {:.2}m x {:.2}m top", 2.0 * half[0], 2.0 * half[1]))
                    .help("positions on a prop are measured from its centre"),
            );
        }
        Some([prop.position_m[0] + at[0], prop.top_m() + lift, prop.position_m[2] + at[1]])
    }

    pub(crate) fn actor(&mut self, d: &ast::EntityDecl) {
        let index = self.actors.len();
        self.declare(&d.name, EntityKind::Actor, index);
        self.actor_archetypes.push(d.archetype.name.clone());
        if !self.archetype(&d.archetype, "actor", "an actor") {
            // Keep a placeholder so indices stay aligned with declarations.
            self.actors.push(placeholder_actor(&d.name.name));
            return;
        }
        let p = self.props(d.props.as_ref(), &format!("a `{}`", d.archetype.name), props_of(&d.archetype.name));
        let height = self.ranged(p.get("height"), "length", 0.01..=10.0, "a figure's height must be between 1cm and 10m", None).unwrap_or_default();
        let color = p.get("color").map(|b| color_of(b, "color", [0.0; 3])).unwrap_or(ir::srgb_to_linear([0xc8, 0x91, 0x2e]));
        let mut position = [0.0f32, 0.0, 0.0];
        let mut facing = 0.0f32;
        if let Some(b) = p.get("on") {
            if let Some(base) = self.surface_point(b, 0.0) {
                position = base;
            }
            if let Some(yaw) = b.get("facing").and_then(|(got, span)| self.heading_of(got, *span, position)) {
                facing = yaw;
            }
        }
        if let Some(v) = p.get("at").and_then(|b| b.vec("position")) {
            if p.contains_key("on") {
                self.err(
                    Diag::error(Code::E0205, p["at"].span("position").unwrap_or_default(), "`at` and `on` both place the actor")
                        .label("placed twice")
                        .help("use `on PROP at (x, z)` on a prop, or `at (x, z)` on the floor"),
                );
            } else {
                position = [v[0] as f32, 0.0, v[1] as f32];
            }
        }
        if let Some(yaw) = p.get("facing").and_then(|b| b.get("direction")).and_then(|(got, span)| self.heading_of(got, *span, position)) {
            facing = yaw;
        }
        let mut holds = None;
        let mut holds_prop = None;
        if let Some(b) = p.get("holds") {
            let mut length = 0.3 * height;
            let mut scolor = ir::srgb_to_linear([0x6b, 0x3a, 0x1e]);
            if let Some((Got::Block(blk), _)) = b.get("settings") {
                let sp = self.props(Some(blk), "a `staff`", props_of("staff"));
                if let Some(l) =
                    self.ranged(sp.get("length"), "length", f64::MIN_POSITIVE..=20.0, "a staff's length must be more than 0m and at most 20m", None)
                {
                    length = l;
                }
                if let Some(cb) = sp.get("color") {
                    scolor = color_of(cb, "color", scolor);
                }
            }
            if let Some((Got::Name(path), span)) = b.get("item") {
                let arch = &path[0];
                if let Some((EntityKind::Prop, pi, _)) = self.names.get(&arch.name).copied() {
                    holds_prop = self.held_prop(pi, *span, b);
                } else if self.archetype(arch, "held", "a held") {
                    let hand = if b.word("in") == Some("left_hand") { ir::Side::Left } else { ir::Side::Right };
                    holds = Some(ir::Held { kind: ir::HeldKind::Staff, length_m: length, color: scolor, hand });
                }
            }
        }
        let figure = self.figure_look(d, &p, height as f32);
        self.actors.push(ir::Actor {
            name: d.name.name.clone(),
            archetype: figure.archetype,
            height_m: height,
            color,
            position_m: position,
            facing_rad: facing,
            holds,
            holds_prop,
            model: figure.model,
            look: figure.look,
            rest_m: figure.rest_m,
        });
    }

    /// The heading (about +y, 0 toward +x) a figure standing at `from` faces for `facing`:
    /// an axis, an angle, a point, or a thing declared before it (toward where it stands).
    pub(crate) fn heading_of(&mut self, got: &Got, span: Span, from: [f32; 3]) -> Option<f32> {
        let toward = |p: [f32; 2]| {
            let (dx, dz) = (p[0] - from[0], p[1] - from[2]);
            (dx.abs() + dz.abs() > 1e-6).then(|| (-dz).atan2(dx))
        };
        match got {
            Got::Axis(neg, axis) => Some(self.yaw_of(*neg, *axis, span)),
            Got::Num(a) => Some(*a as f32),
            Got::Vec(v) => toward([v[0] as f32, v[1] as f32]),
            Got::Name(path) => {
                let (kind, i) = self.resolve(&path[0], &[EntityKind::Prop, EntityKind::Actor])?;
                let at = match kind {
                    EntityKind::Actor => self.actors.get(i).map(|a| a.position_m),
                    _ => self.props.get(i).map(|p| p.position_m),
                };
                let Some(at) = at else {
                    self.err(
                        Diag::error(Code::E0101, path[0].span, format!("`{}` is declared after this, so where it stands is not known yet", path[0].name))
                            .label("declared later")
                            .help("declare what a figure faces before the figure"),
                    );
                    return None;
                };
                toward([at[0], at[2]])
            }
            _ => None,
        }
    }

    /// `holds PROP`: a prop that moves, in the right hand.
    fn held_prop(&mut self, pi: usize, span: Span, b: &Bound) -> Option<usize> {
        let p = self.props.get(pi)?;
        if !is_dynamic(&p.kind) {
            self.err(Diag::error(Code::E0101, span, format!("`{}` is fixed, so it cannot be held", p.name)).label("not a ball, box, domino or cup"));
            return None;
        }
        if b.word("in") == Some("left_hand") {
            self.err(Diag::error(Code::E0208, span, "a held prop is in the right hand").label("the left hand holds staffs only").help("write `holds NAME`"));
            return None;
        }
        Some(pi)
    }

    /// Heading about +y for an axis: 0 faces +x.
    pub(crate) fn yaw_of(&mut self, negative: bool, axis: char, span: Span) -> f32 {
        match (axis, negative) {
            ('x', false) => 0.0,
            ('x', true) => std::f32::consts::PI,
            ('z', false) => -std::f32::consts::FRAC_PI_2,
            ('z', true) => std::f32::consts::FRAC_PI_2,
            _ => {
                self.err(Diag::error(Code::E0207, span, "an actor can only face a horizontal axis").label("vertical").help("use `+x`, `-x`, `+z` or `-z`"));
                0.0
            }
        }
    }

    pub(crate) fn light(&mut self, d: &ast::EntityDecl) {
        let index = self.lights.len();
        self.declare(&d.name, EntityKind::Light, index);
        if !self.archetype(&d.archetype, "light", "a light") {
            return;
        }
        if index >= MAX_LIGHTS {
            self.err(
                Diag::error(Code::E0208, d.name.span, format!("more than {MAX_LIGHTS} lights"))
                    .label("one too many")
                    .help(format!("a scene has at most {MAX_LIGHTS} lights besides the sun")),
            );
            return;
        }
        let p = self.props(d.props.as_ref(), &format!("a `{}` light", d.archetype.name), props_of(&d.archetype.name));
        let position = p.get("at").and_then(|b| b.vec("position")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]);
        let Some(position) = position else {
            self.err(
                Diag::error(Code::E0204, d.name.span, format!("the light `{}` has no position", d.name.name))
                    .label("where is it?")
                    .help("add `at (x, y, z)`, e.g. `at (0m, 3m, 0m)`"),
            );
            return;
        };
        let color = p.get("color").map(|b| color_of(b, "color", [0.0; 3])).unwrap_or_default();
        let intensity = self.ranged(p.get("intensity"), "value", 0.0..=1000.0, "a light's intensity must be between 0 and 1000", None).unwrap_or_default();
        let (mut direction, mut cone) = ([0.0, -1.0, 0.0], None);
        if d.archetype.name == "spot" {
            cone = self.ranged(p.get("angle"), "angle", 1f64.to_radians()..=170f64.to_radians(), "a spot's angle must be between 1deg and 170deg", None);
            let target = p.get("toward").and_then(|b| b.vec("target")).map(|v| [v[0] as f32, v[1] as f32, v[2] as f32]).unwrap_or([0.0; 3]);
            let dv = [target[0] - position[0], target[1] - position[1], target[2] - position[2]];
            if dv.iter().map(|c| c * c).sum::<f32>() < 1e-8 {
                let span = p.get("toward").map(|b| b.span("target").unwrap_or_default()).unwrap_or(d.name.span);
                self.err(Diag::error(Code::E0208, span, "a spot cannot aim at the point it hangs at").label("no direction").help("aim it at another point"));
                return;
            }
            direction = normalize(dv);
        }
        self.lights.push(ir::Light {
            name: d.name.name.clone(),
            position_m: position,
            direction,
            cone_rad: cone.or(if d.archetype.name == "spot" { Some(0.7) } else { None }),
            color,
            intensity,
        });
    }

    pub(crate) fn camera(&mut self, d: &ast::CameraDecl) {
        let index = self.cameras.len();
        self.declare(&d.name, EntityKind::Camera, index);
        let p = self.props(d.props.as_ref(), "a `camera`", props_of("camera"));
        let mut fov = 2.0 * (12.0f64 / 35.0).atan();
        if let Some(b) = p.get("lens") {
            let f_mm = b.num("focal_length").unwrap_or_default() * 1000.0;
            if !(8.0..=800.0).contains(&f_mm) {
                self.err(Diag::error(Code::E0208, b.span("focal_length").unwrap_or_default(), "a lens must be between 8mm and 800mm").label("out of range"));
            } else {
                fov = 2.0 * (12.0 / f_mm).atan();
            }
        }
        if let Some(b) = p.get("fov") {
            let a = b.num("angle").unwrap_or(fov);
            if !(0.01..=3.0).contains(&a) {
                self.err(
                    Diag::error(Code::E0208, b.span("angle").unwrap_or_default(), "a field of view must be between 1deg and 170deg").label("out of range"),
                );
            } else {
                fov = a;
            }
        }
        self.cameras.push(ir::Camera { name: d.name.name.clone(), fov_y_rad: fov as f32 });
    }

    /// A `model "FILE"`: a glTF file in the scene's folder that loads (E0112 otherwise);
    /// for a figure (`parts`), one with meshes named after its parts.
    pub(crate) fn model_of(&mut self, b: Option<&Bound>, parts: Option<&[&str]>) -> Option<String> {
        let (Got::Str(written), span) = b?.get("file")? else { return None };
        let (written, span) = (written.to_string(), *span);
        let Some(dir) = self.dir.clone() else {
            self.err(
                Diag::error(Code::E0112, span, "there is no folder to read a model from")
                    .label("a scene read from standard input")
                    .help("save the scene in a file next to its model"),
            );
            return None;
        };
        let loaded = match parts {
            Some(parts) => reel_model::load_parts(&dir, &written, parts).map(|_| ()),
            None => reel_model::load(&dir, &written).map(|_| ()),
        };
        match loaded {
            Ok(()) => Some(written),
            Err(e) => {
                self.err(
                    Diag::error(Code::E0112, span, e).label("this model cannot be used").help("models are glTF 2.0 files (.glb, .gltf) in this scene's folder"),
                );
                None
            }
        }
    }
}

/// What `shaped` binds for a ramp or a cushion.
struct Shaped<'a> {
    p: BTreeMap<&'static str, Bound<'a>>,
    material: Option<Material>,
    color: [f32; 3],
    plain: Material,
    size: [f32; 3],
}
