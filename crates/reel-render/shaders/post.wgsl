// Post passes. Depth of field, after the scene pass: a gather blur whose radius is each pixel's circle of
// confusion. The scene pass leaves 1 / (1 + distance) in alpha (0 for the sky) when depth of
// field is on; this pass reads it, blurs, and writes alpha 1.

struct Post {
    // x: unused; y: 1 / focus distance (1/m); z: circle of confusion in pixels per 1/m of
    // defocus; w: the largest radius in pixels.
    dof: vec4<f32>,
    // xy: picture size in pixels.
    size: vec4<f32>,
};

@group(0) @binding(0) var<uniform> post: Post;
@group(0) @binding(1) var src: texture_2d<f32>;

struct FullOut {
    @builtin(position) clip: vec4<f32>,
};

@vertex
fn vs_full(@builtin(vertex_index) idx: u32) -> FullOut {
    let p = vec2<f32>(f32((idx << 1u) & 2u), f32(idx & 2u)) * 2.0 - 1.0;
    var out: FullOut;
    out.clip = vec4<f32>(p, 0.0, 1.0);
    return out;
}

// Blur radius in pixels of a pixel whose alpha is `a` = 1 / (1 + distance).
fn coc(a: f32) -> f32 {
    let inv_d = a / max(1.0 - a, 1e-4);
    return min(abs(inv_d - post.dof.y) * post.dof.z * 0.5, post.dof.w);
}

const TAPS: i32 = 40;

@fragment
fn fs_dof(in: FullOut) -> @location(0) vec4<f32> {
    let size = vec2<i32>(post.size.xy);
    let p = vec2<i32>(in.clip.xy);
    let centre = textureLoad(src, p, 0);
    let r = coc(centre.a);
    if (r < 0.5) {
        return vec4<f32>(centre.rgb, 1.0);
    }
    var sum = vec4<f32>(centre.rgb, 1.0);
    for (var i = 0; i < TAPS; i = i + 1) {
        // A golden-angle spiral fills the disc evenly.
        let fi = f32(i) + 0.5;
        let rad = sqrt(fi / f32(TAPS)) * r;
        let ang = fi * 2.39996323;
        let q = clamp(p + vec2<i32>(round(vec2<f32>(cos(ang), sin(ang)) * rad)), vec2<i32>(0, 0), size - vec2<i32>(1, 1));
        let s = textureLoad(src, q, 0);
        // Something nearer than this pixel spreads over it only as far as its own blur
        // reaches, so a sharp figure does not smear into the blurred room behind it.
        let w = select(1.0, smoothstep(rad - 1.0, rad + 1.0, coc(s.a)), s.a > centre.a + 0.002);
        sum = sum + vec4<f32>(s.rgb * w, w);
    }
    return vec4<f32>(sum.rgb / sum.a, 1.0);
}

// Anti-aliasing after the picture is made (FXAA, after Lottes): where the luma contrast
// around a pixel is high, blend along the edge's direction, found from the four diagonal
// neighbours, with two bilinear taps along it. One pass, no extra samples: what a CPU
// renderer can afford per frame.

@group(0) @binding(0) var<uniform> aa: Post;
@group(0) @binding(1) var aa_src: texture_2d<f32>;
@group(0) @binding(2) var aa_sampler: sampler;

fn luma(c: vec3<f32>) -> f32 {
    // The picture is read as its sRGB-encoded bytes: gamma-like values, as FXAA expects.
    return dot(c, vec3<f32>(0.299, 0.587, 0.114));
}

fn tap(uv: vec2<f32>) -> vec3<f32> {
    return textureSampleLevel(aa_src, aa_sampler, uv, 0.0).rgb;
}

// The anti-aliased colour of the pixel at `clip` (its sRGB-encoded values).
fn fxaa(clip: vec2<f32>) -> vec3<f32> {
    let inv = 1.0 / aa.size.xy;
    let uv = clip * inv;
    // The pixel and its diagonal neighbours by plain loads (cheaper than filtered taps on a
    // CPU renderer); only edge pixels go on to the filtered taps below.
    let px = vec2<i32>(clip);
    let hi = vec2<i32>(aa.size.xy) - 1;
    let m = textureLoad(aa_src, px, 0).rgb;
    let l_m = luma(m);
    let l_nw = luma(textureLoad(aa_src, clamp(px + vec2<i32>(-1, -1), vec2<i32>(0), hi), 0).rgb);
    let l_ne = luma(textureLoad(aa_src, clamp(px + vec2<i32>(1, -1), vec2<i32>(0), hi), 0).rgb);
    let l_sw = luma(textureLoad(aa_src, clamp(px + vec2<i32>(-1, 1), vec2<i32>(0), hi), 0).rgb);
    let l_se = luma(textureLoad(aa_src, clamp(px + vec2<i32>(1, 1), vec2<i32>(0), hi), 0).rgb);
    let l_min = min(l_m, min(min(l_nw, l_ne), min(l_sw, l_se)));
    let l_max = max(l_m, max(max(l_nw, l_ne), max(l_sw, l_se)));
    if (l_max - l_min < max(0.0312, l_max * 0.125)) {
        return m;
    }
    var dir = vec2<f32>(-((l_nw + l_ne) - (l_sw + l_se)), (l_nw + l_sw) - (l_ne + l_se));
    let reduce = max((l_nw + l_ne + l_sw + l_se) * 0.25 * 0.125, 1.0 / 128.0);
    let rcp_min = 1.0 / (min(abs(dir.x), abs(dir.y)) + reduce);
    dir = clamp(dir * rcp_min, vec2<f32>(-8.0), vec2<f32>(8.0)) * inv;
    // Two filtered taps along the edge, a third of the way out each side. (The wider pair
    // FXAA adds when it stays within the local range cost a CPU renderer a tenth of the
    // frame, every pixel paying for the branch, for a difference not seen at video sizes.)
    return 0.5 * (tap(uv + dir * (1.0 / 3.0 - 0.5)) + tap(uv + dir * (2.0 / 3.0 - 0.5)));
}

@fragment
fn fs_fxaa(in: FullOut) -> @location(0) vec4<f32> {
    return vec4<f32>(fxaa(in.clip.xy), 1.0);
}

// Video frames leave the device as NV12 (what x264 takes): a full-size plane of luma Y and
// a half-size plane of interleaved chroma Cb Cr, BT.601 limited range ("TV levels", as the
// MP4 is tagged), from the sRGB-encoded values. 1.5 bytes a pixel to read back instead of
// 4, and no colour conversion on the CPU.

fn luma_601(c: vec3<f32>) -> f32 {
    return (16.0 + dot(c, vec3<f32>(65.481, 128.553, 24.966))) / 255.0;
}

// Y of the anti-aliased picture.
@fragment
fn fs_luma_fxaa(in: FullOut) -> @location(0) vec4<f32> {
    return vec4<f32>(luma_601(fxaa(in.clip.xy)), 0.0, 0.0, 1.0);
}

// Y of the picture as it is.
@fragment
fn fs_luma(in: FullOut) -> @location(0) vec4<f32> {
    return vec4<f32>(luma_601(textureLoad(aa_src, vec2<i32>(in.clip.xy), 0).rgb), 0.0, 0.0, 1.0);
}

// Cb, Cr of each 2x2 block: one bilinear tap at the block's centre averages its four pixels.
// Drawn at half size, so the block's centre is twice this pixel's centre.
@fragment
fn fs_chroma(in: FullOut) -> @location(0) vec4<f32> {
    let c = textureSampleLevel(aa_src, aa_sampler, in.clip.xy * 2.0 / aa.size.xy, 0.0).rgb;
    let cb = 128.0 + dot(c, vec3<f32>(-37.797, -74.203, 112.0));
    let cr = 128.0 + dot(c, vec3<f32>(112.0, -93.786, -18.214));
    return vec4<f32>(cb / 255.0, cr / 255.0, 0.0, 1.0);
}
