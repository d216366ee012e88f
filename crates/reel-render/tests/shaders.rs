//! Every WGSL shader parses and validates with naga, on its own, without a GPU.

#[test]
fn wgsl_shaders_validate() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "wgsl") {
            let src = std::fs::read_to_string(&p).unwrap();
            let module = naga::front::wgsl::parse_str(&src).unwrap_or_else(|e| panic!("{}: {}", p.display(), e.emit_to_string(&src)));
            naga::valid::Validator::new(naga::valid::ValidationFlags::all(), naga::valid::Capabilities::default())
                .validate(&module)
                .unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
            n += 1;
        }
    }
    assert!(n >= 1);
}

/// The Rust structs written into uniform buffers have the size naga lays the WGSL structs
/// out at, so a field added on one side only (or an array sized apart from `MAX_LIGHTS`) fails
/// here rather than drawing garbage.
#[test]
fn uniform_structs_match_the_wgsl_layout() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders");
    let mut seen = Vec::new();
    for name in ["scene.wgsl", "post.wgsl"] {
        let src = std::fs::read_to_string(dir.join(name)).unwrap();
        let module = naga::front::wgsl::parse_str(&src).unwrap();
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
