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

// Whether the picture holds sRGB-encoded values (a plain 8-bit target): the blur then
// decodes what it reads and encodes what it writes, so that it averages light.
override DECODE: bool = false;

fn light(c: vec3<f32>) -> vec3<f32> {
    if (DECODE) {
        return srgb_decode(c);
    }
    return c;
}

@fragment
fn fs_dof(in: FullOut) -> @location(0) vec4<f32> {
    let size = vec2<i32>(post.size.xy);
    let p = vec2<i32>(in.clip.xy);
    let centre = textureLoad(src, p, 0);
    let r = coc(centre.a);
    if (r < 0.5) {
        return vec4<f32>(centre.rgb, 1.0);
    }
    var sum = vec4<f32>(light(centre.rgb), 1.0);
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
        sum = sum + vec4<f32>(light(s.rgb) * w, w);
    }
    let blurred = sum.rgb / sum.a;
    if (DECODE) {
        return vec4<f32>(srgb_encode(blurred), 1.0);
    }
    return vec4<f32>(blurred, 1.0);
}

// Anti-aliasing after the picture is made (FXAA, after Lottes): where the luma contrast
// around a pixel is high, blend along the edge's direction, found from its neighbours, with
// two bilinear taps along it. One pass, no extra samples: what a CPU renderer can afford per
// frame. The taps stay within a pixel of the centre, so they are taken from the 3x3
// neighbourhood already read (a CPU renderer runs every branch for every pixel, and a
// filtered tap costs it twice a plain read).

@group(0) @binding(0) var<uniform> aa: Post;
@group(0) @binding(1) var aa_src: texture_2d<f32>;

fn luma(c: vec3<f32>) -> f32 {
    // The picture is read as its sRGB-encoded bytes: gamma-like values, as FXAA expects.
    return dot(c, vec3<f32>(0.299, 0.587, 0.114));
}

// A pixel (`m`) and its eight neighbours, rows top to bottom.
struct Nine {
    nw: vec3<f32>, n: vec3<f32>, ne: vec3<f32>,
    w: vec3<f32>, m: vec3<f32>, e: vec3<f32>,
    sw: vec3<f32>, s: vec3<f32>, se: vec3<f32>,
};

// The weights of the texels at -1, 0, +1 for a bilinear tap `o` pixels off the centre
// (|o| <= 1).
fn tent(o: f32) -> vec3<f32> {
    return vec3<f32>(max(-o, 0.0), 1.0 - abs(o), max(o, 0.0));
}

// The anti-aliased colour of the centre pixel (sRGB-encoded values).
fn fxaa(p: Nine) -> vec3<f32> {
    let l_m = luma(p.m);
    let l_nw = luma(p.nw);
    let l_ne = luma(p.ne);
    let l_sw = luma(p.sw);
    let l_se = luma(p.se);
    let l_min = min(l_m, min(min(l_nw, l_ne), min(l_sw, l_se)));
    let l_max = max(l_m, max(max(l_nw, l_ne), max(l_sw, l_se)));
    let edge = l_max - l_min >= max(0.0312, l_max * 0.125);
    // Along the edge: across the luma gradient, as the diagonals give it.
    var dir = vec2<f32>(-((l_nw + l_ne) - (l_sw + l_se)), (l_nw + l_sw) - (l_ne + l_se));
    let reduce = max((l_nw + l_ne + l_sw + l_se) * 0.25 * 0.125, 1.0 / 128.0);
    let rcp_min = 1.0 / (min(abs(dir.x), abs(dir.y)) + reduce);
    // Taps at a sixth of the span each side; the span is at most 6 pixels, so a tap is at
    // most one pixel off. Off an edge the taps fall on the centre: the pixel as it is.
    let o = select(vec2<f32>(0.0), clamp(dir * rcp_min, vec2<f32>(-6.0), vec2<f32>(6.0)) / 6.0, edge);
    let a = tent(o.x);
    let b = tent(o.y);
    let c = tent(-o.x);
    let d = tent(-o.y);
    let top = (a.x * b.x + c.x * d.x) * p.nw + (a.y * b.x + c.y * d.x) * p.n + (a.z * b.x + c.z * d.x) * p.ne;
    let mid = (a.x * b.y + c.x * d.y) * p.w + (a.y * b.y + c.y * d.y) * p.m + (a.z * b.y + c.z * d.y) * p.e;
    let bottom = (a.x * b.z + c.x * d.z) * p.sw + (a.y * b.z + c.y * d.z) * p.s + (a.z * b.z + c.z * d.z) * p.se;
    return 0.5 * (top + mid + bottom);
}

// The picture at `p`, clamped to its edges.
fn texel(p: vec2<i32>) -> vec3<f32> {
    return textureLoad(aa_src, clamp(p, vec2<i32>(0), vec2<i32>(aa.size.xy) - 1), 0).rgb;
}

fn nine_at(p: vec2<i32>) -> Nine {
    return Nine(
        texel(p + vec2<i32>(-1, -1)), texel(p + vec2<i32>(0, -1)), texel(p + vec2<i32>(1, -1)),
        texel(p + vec2<i32>(-1, 0)), texel(p), texel(p + vec2<i32>(1, 0)),
        texel(p + vec2<i32>(-1, 1)), texel(p + vec2<i32>(0, 1)), texel(p + vec2<i32>(1, 1)),
    );
}

@fragment
fn fs_fxaa(in: FullOut) -> @location(0) vec4<f32> {
    return vec4<f32>(fxaa(nine_at(vec2<i32>(in.clip.xy))), 1.0);
}

// Video frames leave the device as NV12 (what x264 takes): a full-size plane of luma Y and
// a half-size plane of interleaved chroma Cb Cr, BT.601 limited range ("TV levels", as the
// MP4 is tagged), from the sRGB-encoded values; 1.5 bytes a pixel to read back, no colour
// conversion on the CPU. One compute pass writes both planes straight into a buffer: each
// invocation takes a block 4 pixels wide and 2 high (one 32-bit word of Y in each row, one
// of Cb Cr pairs), reading the 6x4 texels around it once for the FXAA of all eight. Rows
// are `aa.size.z` bytes apart; the chroma plane starts after `aa.size.y` luma rows.

@group(0) @binding(2) var<storage, read_write> nv12: array<u32>;
// Whether the luma is anti-aliased.
override FXAA: bool = true;

// One row of the 6 texels around a block's row of 4 (x - 1 .. x + 4).
struct Six {
    a: vec3<f32>, b: vec3<f32>, c: vec3<f32>, d: vec3<f32>, e: vec3<f32>, f: vec3<f32>,
};

fn six_at(p: vec2<i32>) -> Six {
    return Six(texel(p + vec2<i32>(-1, 0)), texel(p), texel(p + vec2<i32>(1, 0)), texel(p + vec2<i32>(2, 0)), texel(p + vec2<i32>(3, 0)), texel(p + vec2<i32>(4, 0)));
}

// The four finished pixels of the middle row `m`, with the rows above and below.
struct Four {
    p0: vec3<f32>, p1: vec3<f32>, p2: vec3<f32>, p3: vec3<f32>,
};

fn finished(u: Six, m: Six, d: Six) -> Four {
    if (!FXAA) {
        return Four(m.b, m.c, m.d, m.e);
    }
    return Four(
        fxaa(Nine(u.a, u.b, u.c, m.a, m.b, m.c, d.a, d.b, d.c)),
        fxaa(Nine(u.b, u.c, u.d, m.b, m.c, m.d, d.b, d.c, d.d)),
        fxaa(Nine(u.c, u.d, u.e, m.c, m.d, m.e, d.c, d.d, d.e)),
        fxaa(Nine(u.d, u.e, u.f, m.d, m.e, m.f, d.d, d.e, d.f)),
    );
}

// A value in 0..255 as a byte, rounded as a unorm target rounds.
fn byte(v: f32) -> u32 {
    return u32(clamp(v, 0.0, 255.0) + 0.5);
}

fn y_601(c: vec3<f32>) -> u32 {
    return byte(16.0 + dot(c, vec3<f32>(65.481, 128.553, 24.966)));
}

// Cb and Cr of a 2x2 block's mean colour, as two bytes (Cb low).
fn cbcr_601(c: vec3<f32>) -> u32 {
    let cb = byte(128.0 + dot(c, vec3<f32>(-37.797, -74.203, 112.0)));
    let cr = byte(128.0 + dot(c, vec3<f32>(112.0, -93.786, -18.214)));
    return cb | (cr << 8u);
}

fn word(r: Four) -> u32 {
    return y_601(r.p0) | (y_601(r.p1) << 8u) | (y_601(r.p2) << 16u) | (y_601(r.p3) << 24u);
}

@compute @workgroup_size(8, 8)
fn cs_nv12(@builtin(global_invocation_id) id: vec3<u32>) {
    let origin = vec2<i32>(id.xy) * vec2<i32>(4, 2);
    let size = vec2<i32>(aa.size.xy);
    if (origin.x >= size.x || origin.y >= size.y) {
        return;
    }
    let r0 = six_at(origin + vec2<i32>(0, -1));
    let r1 = six_at(origin);
    let r2 = six_at(origin + vec2<i32>(0, 1));
    let r3 = six_at(origin + vec2<i32>(0, 2));
    let top = finished(r0, r1, r2);
    let bottom = finished(r1, r2, r3);
    let stride = u32(aa.size.z);
    let x = u32(origin.x);
    let y = u32(origin.y);
    nv12[(y * stride + x) / 4u] = word(top);
    nv12[((y + 1u) * stride + x) / 4u] = word(bottom);
    let left = (top.p0 + top.p1 + bottom.p0 + bottom.p1) * 0.25;
    let right = (top.p2 + top.p3 + bottom.p2 + bottom.p3) * 0.25;
    nv12[(u32(size.y) * stride + (y / 2u) * stride + x) / 4u] = cbcr_601(left) | (cbcr_601(right) << 16u);
}
