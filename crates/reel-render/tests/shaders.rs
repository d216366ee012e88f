//! Every WGSL shader parses and validates with naga, on its own, without a GPU.

/// The modules the renderer builds (each shader file after the shared `color.wgsl`).
const MODULES: [(&str, &str); 2] = [("scene.wgsl", reel_render::SHADER_SOURCE), ("post.wgsl", reel_render::POST_SHADER_SOURCE)];

#[test]
fn wgsl_shaders_validate() {
    for (name, src) in MODULES {
        let module = naga::front::wgsl::parse_str(src).unwrap_or_else(|e| panic!("{name}: {}", e.emit_to_string(src)));
        naga::valid::Validator::new(naga::valid::ValidationFlags::all(), naga::valid::Capabilities::default())
            .validate(&module)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
    // Every shader file is in a module, so none goes unvalidated.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "wgsl") {
            let text = std::fs::read_to_string(&p).unwrap();
            assert!(MODULES.iter().any(|(_, src)| src.contains(&text)), "{} is in no module", p.display());
        }
    }
}

/// The Rust structs written into uniform buffers have the size naga lays the WGSL structs
/// out at, so a field added on one side only (or an array sized apart from `MAX_LIGHTS`) fails
/// here rather than drawing garbage.
#[test]
fn uniform_structs_match_the_wgsl_layout() {
    let mut seen = Vec::new();
    for (name, src) in MODULES {
        let module = naga::front::wgsl::parse_str(src).unwrap();
        for (_, var) in module.global_variables.iter() {
            if var.space != naga::AddressSpace::Uniform {
                continue;
            }
            let ty = &module.types[var.ty];
            let ty_name = ty.name.clone().unwrap_or_default();
            let wgsl_bytes = ty.inner.size(module.to_ctx()) as usize;
            let (_, rust_bytes) =
                reel_render::UNIFORM_BYTES.iter().find(|(n, _)| *n == ty_name).unwrap_or_else(|| panic!("{name}: no Rust struct for uniform `{ty_name}`"));
            assert_eq!(*rust_bytes, wgsl_bytes, "{name}: `{ty_name}` is {wgsl_bytes} bytes in WGSL, {rust_bytes} in Rust");
            seen.push(ty_name);
        }
    }
    for (n, _) in reel_render::UNIFORM_BYTES {
        assert!(seen.iter().any(|s| s == n), "`{n}` is in no shader");
    }
    assert_eq!(reel_render::MAX_LIGHTS, reel_ir::MAX_LIGHTS);
}
