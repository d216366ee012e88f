// sRGB's encoding both ways, for the scene and post shaders (each module is this file
// followed by its own).

// Linear 0..1 to sRGB's encoding: its linear toe, then Taylor's fit of the power curve from
// three square roots (within 0.4 of a level of the exact curve on 8 bits).
fn srgb_encode(x: vec3<f32>) -> vec3<f32> {
    let s1 = sqrt(x);
    let s2 = sqrt(s1);
    let s3 = sqrt(s2);
    let curve = 0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * x;
    return select(curve, x * 12.92, x < vec3<f32>(0.0031308));
}

// sRGB-encoded 0..1 back to linear light: Taylor's cubic fit (within half a percent; a
// CPU renderer pays for a power per read, and the blur reads forty a pixel).
fn srgb_decode(c: vec3<f32>) -> vec3<f32> {
    return c * (c * (c * 0.305306011 + 0.682171111) + 0.012522878);
}
