// reel's scene shader: physically based shading (GGX microfacets, Smith visibility, Schlick
// Fresnel; base colour, roughness, metalness), a sun with a PCF-filtered shadow map, a
// hemisphere ambient and sky reflections matched to the analytic sky, analytic ambient
// occlusion by the shapes near each one, distance haze and a filmic (ACES) tone map. The
// colour target is sRGB, so the hardware encodes the linear result.

struct Globals {
    clip_from_world: mat4x4<f32>,
    world_from_clip: mat4x4<f32>,
    light_clip_from_world: mat4x4<f32>,
    camera_pos: vec4<f32>,
    // xyz: direction sunlight travels; w: shadow map texel size in UV.
    sun_dir: vec4<f32>,
    sun_color: vec4<f32>,
    sky_zenith: vec4<f32>,
    sky_horizon: vec4<f32>,
    ambient_sky: vec4<f32>,
    ambient_ground: vec4<f32>,
    // x: number of lamps in use.
    light_count: vec4<u32>,
    // Per lamp: position; direction (w: cone cosine, -1 for a point light); radiance.
    lights: array<vec4<f32>, 24>,
    // x: 1 when depth of field is on (then alpha carries 1 / (1 + distance) for post.wgsl).
    dof: vec4<f32>,
};

@group(0) @binding(0) var<uniform> g: Globals;
// Whether the pipeline shades lamps at all. A scene without lamps gets a pipeline built with
// this false, so the lamp loop is compiled out: on a CPU renderer even a loop that runs zero
// times costs about a tenth of the frame.
override LAMPS: bool = true;
// The material pattern this pipeline draws (0: none; see `pattern`): one pipeline per pattern,
// so a pixel runs only its own.
override PATTERN: f32 = 0.0;
// Whether the shaders write sRGB-encoded values themselves (into a plain 8-bit target,
// cheaper on a CPU renderer than the target's own encoding); false for a multisampled
// target, which is sRGB so that its samples resolve as linear light.
override ENCODE: bool = true;
@group(0) @binding(1) var shadow_map: texture_depth_2d;
@group(0) @binding(2) var shadow_sampler: sampler_comparison;

struct VertexIn {
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
};

struct InstanceIn {
    @location(2) m0: vec4<f32>,
    @location(3) m1: vec4<f32>,
    @location(4) m2: vec4<f32>,
    @location(5) m3: vec4<f32>,
    @location(6) n0: vec4<f32>,
    @location(7) n1: vec4<f32>,
    @location(8) n2: vec4<f32>,
    // rgb: linear base colour; a: surface (0 matte, 1 glossy, 2 floor, 3 material finish).
    @location(9) color: vec4<f32>,
    // x: roughness (surfaces 2 and 3), y: metalness (surface 3), w: a pattern's scale.
    @location(10) finish: vec4<f32>,
    // The (up to four) shapes near this instance, as spheres: centre, radius (0: none).
    @location(11) occ0: vec4<f32>,
    @location(12) occ1: vec4<f32>,
    @location(13) occ2: vec4<f32>,
    @location(14) occ3: vec4<f32>,
};

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world_pos: vec3<f32>,
    @location(1) normal: vec3<f32>,
    // Per instance, so not interpolated (a CPU renderer interpolates every smooth input).
    @location(2) @interpolate(flat) color: vec4<f32>,
    @location(3) @interpolate(flat) finish: vec4<f32>,
    @location(4) @interpolate(flat) occ0: vec4<f32>,
    @location(5) @interpolate(flat) occ1: vec4<f32>,
    @location(6) @interpolate(flat) occ2: vec4<f32>,
    @location(7) @interpolate(flat) occ3: vec4<f32>,
    @location(8) shadow_uvz: vec3<f32>,
};

@vertex
fn vs_main(v: VertexIn, i: InstanceIn) -> VertexOut {
    let world_from_node = mat4x4<f32>(i.m0, i.m1, i.m2, i.m3);
    let normal_m = mat3x3<f32>(i.n0.xyz, i.n1.xyz, i.n2.xyz);
    let world = world_from_node * vec4<f32>(v.position, 1.0);
    var out: VertexOut;
    out.clip = g.clip_from_world * world;
    out.world_pos = world.xyz;
    out.normal = normalize(normal_m * v.normal);
    out.color = i.color;
    out.finish = i.finish;
    out.occ0 = i.occ0;
    out.occ1 = i.occ1;
    out.occ2 = i.occ2;
    out.occ3 = i.occ3;
    out.shadow_uvz = shadow_uvz(world.xyz, out.normal);
    return out;
}

// Where a point lies in the sun's shadow map (UV and depth), offset along the normal by
// three texels (keeps acne away without peter-panning). The sun's projection is
// orthographic, so this is affine in the position and interpolates exactly.
// (Per pixel, this transform cost a CPU renderer a twentieth of the frame.)
fn shadow_uvz(world: vec3<f32>, normal: vec3<f32>) -> vec3<f32> {
    let lp = g.light_clip_from_world * vec4<f32>(world + normal * g.sun_dir.w * 3.0, 1.0);
    return vec3<f32>(lp.x * 0.5 + 0.5, 0.5 - lp.y * 0.5, lp.z);
}

@vertex
fn vs_shadow(v: VertexIn, i: InstanceIn) -> @builtin(position) vec4<f32> {
    let world_from_node = mat4x4<f32>(i.m0, i.m1, i.m2, i.m3);
    return g.light_clip_from_world * world_from_node * vec4<f32>(v.position, 1.0);
}

// Skinned figures: every figure's bone matrices (world from bone, times the bone's rest
// offset), BONES of them per figure; figure f is drawn as instance f.
const BONES: u32 = 22u;
@group(1) @binding(0) var<storage, read> bones: array<mat4x4<f32>>;

struct SkinIn {
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
    // rgb: linear base colour; a: roughness.
    @location(2) color: vec4<f32>,
    @location(3) bone: vec4<u32>,
    @location(4) weight: vec4<f32>,
};

// Linear blend skinning: the weighted sum of the vertex's four bone matrices.
fn skin_matrix(v: SkinIn, figure: u32) -> mat4x4<f32> {
    let base = figure * BONES;
    return bones[base + v.bone.x] * v.weight.x + bones[base + v.bone.y] * v.weight.y
        + bones[base + v.bone.z] * v.weight.z + bones[base + v.bone.w] * v.weight.w;
}

@vertex
fn vs_skin(v: SkinIn, @builtin(instance_index) figure: u32) -> VertexOut {
    let m = skin_matrix(v, figure);
    let world = m * vec4<f32>(v.position, 1.0);
    var out: VertexOut;
    out.clip = g.clip_from_world * world;
    out.world_pos = world.xyz;
    out.normal = normalize((m * vec4<f32>(v.normal, 0.0)).xyz);
    out.color = vec4<f32>(v.color.rgb, 3.0);
    out.finish = vec4<f32>(v.color.a, 0.0, 0.0, 0.0);
    out.occ0 = vec4<f32>(0.0);
    out.occ1 = vec4<f32>(0.0);
    out.occ2 = vec4<f32>(0.0);
    out.occ3 = vec4<f32>(0.0);
    out.shadow_uvz = shadow_uvz(world.xyz, out.normal);
    return out;
}

@vertex
fn vs_skin_shadow(v: SkinIn, @builtin(instance_index) figure: u32) -> @builtin(position) vec4<f32> {
    return g.light_clip_from_world * skin_matrix(v, figure) * vec4<f32>(v.position, 1.0);
}

// The sky's gradient: horizon to zenith above, towards the ground below.
fn sky_gradient(dir: vec3<f32>) -> vec3<f32> {
    let up = clamp(dir.y, 0.0, 1.0);
    let above = mix(g.sky_horizon.rgb, g.sky_zenith.rgb, sqrt(up));
    let below = mix(g.sky_horizon.rgb, g.ambient_ground.rgb * 1.5, clamp(-dir.y * 3.0, 0.0, 1.0));
    return select(above, below, dir.y < 0.0);
}

// The sky seen along `dir`: the gradient, the sun's disc and its glow.
fn sky_color(dir: vec3<f32>) -> vec3<f32> {
    var col = sky_gradient(dir);
    let to_sun = -g.sun_dir.xyz;
    let cos_sun = max(dot(dir, to_sun), 0.0);
    let c2 = cos_sun * cos_sun;
    let c4 = c2 * c2;
    col += g.sun_color.rgb * (exp2((cos_sun - 1.0) * 1298.4) * 4.0 + c4 * c4 * c4 * 0.12);
    return col;
}

// How much sunlight reaches a point at `p` in the shadow map (UV, depth).
fn shadow_factor(p: vec3<f32>) -> f32 {
    let texel = 1.0 / f32(textureDimensions(shadow_map).x);
    let uv = p.xy;
    // Outside the shadow map: lit. Computed without branching so sampling stays uniform.
    let outside = uv.x < 0.0 || uv.x > 1.0 || uv.y < 0.0 || uv.y > 1.0 || p.z > 1.0;
    // Two bilinear comparison taps on a diagonal: a soft edge three texels wide. Four
    // looked no different.
    let sum = textureSampleCompareLevel(shadow_map, shadow_sampler, uv + vec2<f32>(-0.75, -0.75) * texel, p.z)
        + textureSampleCompareLevel(shadow_map, shadow_sampler, uv + vec2<f32>(0.75, 0.75) * texel, p.z);
    return select(sum * 0.5, 1.0, outside);
}

// How much of the sky a point with normal `n` sees past one shape near its instance, taken
// as a sphere of its volume: a sphere of radius r whose centre is d away and at angle θ above
// the surface hides (r/d)²·cos θ of the cosine-weighted sky (exact for a sphere wholly above
// the horizon; a radius of 0 hides nothing). A point on an occluder's own surface faces
// away from its centre, so shapes do not occlude themselves.
fn sphere_visibility(p: vec3<f32>, n: vec3<f32>, s: vec4<f32>) -> f32 {
    let d = s.xyz - p;
    let d2 = max(dot(d, d), 1e-8);
    let cos_t = dot(n, d) * inverseSqrt(d2);
    return 1.0 - clamp(cos_t, 0.0, 1.0) * min(s.w * s.w / d2, 1.0);
}

const PI: f32 = 3.14159265;

// GGX normal distribution, with alpha = roughness².
fn d_ggx(ndh: f32, a: f32) -> f32 {
    let a2 = a * a;
    let f = ndh * ndh * (a2 - 1.0) + 1.0;
    return a2 / (PI * f * f);
}

// Height-correlated Smith visibility (the G term over 4·n·l·n·v).
fn v_smith(ndv: f32, ndl: f32, a: f32) -> f32 {
    let a2 = a * a;
    let gv = ndl * sqrt(ndv * ndv * (1.0 - a2) + a2);
    let gl = ndv * sqrt(ndl * ndl * (1.0 - a2) + a2);
    return 0.5 / max(gv + gl, 1e-5);
}

fn f_schlick(f0: vec3<f32>, vdh: f32) -> vec3<f32> {
    let x = 1.0 - vdh;
    let x2 = x * x;
    return f0 + (vec3<f32>(1.0) - f0) * (x2 * x2 * x);
}

// The split-sum environment BRDF, analytically (Karis' fit): what share of the light
// reflected from the surroundings reaches the eye.
fn env_brdf(f0: vec3<f32>, rough: f32, ndv: f32) -> vec3<f32> {
    let r = rough * vec4<f32>(-1.0, -0.0275, -0.572, 0.022) + vec4<f32>(1.0, 0.0425, 1.04, -0.04);
    let a004 = min(r.x * r.x, exp2(-9.28 * ndv)) * r.x + r.y;
    let ab = vec2<f32>(-1.04, 1.04) * a004 + r.zw;
    return f0 * ab.x + ab.y;
}

// Light arriving from direction `l` with irradiance `e` (on a surface facing it): diffuse
// plus specular. Lambert is albedo·E here (the lights' scale carries the 1/π).
// A lamp's share, cheaper than the sun's `brdf` (a CPU renderer pays it per lamp per pixel):
// the same diffuse and GGX highlight, with the visibility term at its mean of a quarter and
// Fresnel at normal incidence.
fn lamp_brdf(n: vec3<f32>, v: vec3<f32>, l: vec3<f32>, albedo: vec3<f32>, rough: f32, metal: f32) -> vec3<f32> {
    let ndl = max(dot(n, l), 0.0);
    let h = normalize(l + v);
    let f0 = mix(vec3<f32>(0.04), albedo, metal);
    let spec = f0 * d_ggx(max(dot(n, h), 0.0), max(rough * rough, 0.002)) * (0.25 * PI);
    return ((1.0 - metal) * albedo + spec) * ndl;
}

fn brdf(n: vec3<f32>, v: vec3<f32>, l: vec3<f32>, albedo: vec3<f32>, rough: f32, metal: f32) -> vec3<f32> {
    let ndl = max(dot(n, l), 0.0);
    let ndv = max(dot(n, v), 1e-4);
    let h = normalize(l + v);
    let a = max(rough * rough, 0.002);
    let f0 = mix(vec3<f32>(0.04), albedo, metal);
    let f = f_schlick(f0, max(dot(v, h), 0.0));
    let spec = d_ggx(max(dot(n, h), 0.0), a) * v_smith(ndv, ndl, a) * f * PI;
    let diffuse = (vec3<f32>(1.0) - f) * (1.0 - metal) * albedo;
    return (diffuse + spec) * ndl;
}

fn aces(x: vec3<f32>) -> vec3<f32> {
    let a = 2.51;
    let b = 0.03;
    let c = 2.43;
    let d = 0.59;
    let e = 0.14;
    return clamp((x * (a * x + b)) / (x * (c * x + d) + e), vec3<f32>(0.0), vec3<f32>(1.0));
}

// A finished colour as the target takes it.
fn shown(c: vec3<f32>) -> vec3<f32> {
    if (ENCODE) {
        return srgb_encode(c);
    }
    return c;
}

// --- material patterns: textures computed from the world position (no images) ----------

fn hash2(p: vec2<f32>) -> f32 {
    var q = fract(p * vec2<f32>(0.1031, 0.1030));
    q = q + dot(q, q.yx + 33.33);
    return fract((q.x + q.y) * q.x);
}

// Value noise in 0..1, smooth between integer lattice points.
fn noise2(p: vec2<f32>) -> f32 {
    let i = floor(p);
    let f = fract(p);
    let u = f * f * (3.0 - 2.0 * f);
    let a = mix(hash2(i), hash2(i + vec2<f32>(1.0, 0.0)), u.x);
    let b = mix(hash2(i + vec2<f32>(0.0, 1.0)), hash2(i + vec2<f32>(1.0, 1.0)), u.x);
    return mix(a, b, u.y);
}

// How far `x` is from the nearest multiple of `period`, in the units of `x`.
fn to_line(x: f32, period: f32) -> f32 {
    let f = fract(x / period);
    return min(f, 1.0 - f) * period;
}

// A pattern on a surface: the surface's own plane coordinates (a floor's x and z, a wall's
// run and height), in units of the pattern's scale. Returns the albedo and how much rougher.
// `pixel_m`: how much of the world one pixel covers there (from the screen derivatives, taken
// where control flow is uniform).
fn pattern(kind: u32, p: vec3<f32>, n: vec3<f32>, scale: f32, albedo: vec3<f32>, pixel_m: f32) -> vec4<f32> {
    let a = abs(n);
    var uv = p.xz;
    if (a.x > a.y && a.x >= a.z) {
        uv = p.zy;
    } else if (a.z > a.y && a.z > a.x) {
        uv = p.xy;
    }
    uv = uv / max(scale, 0.01);
    // How much of the pattern one pixel covers: detail finer than a pixel or two fades to
    // its average, so distant bricks and tiles do not shimmer into moiré.
    let footprint = pixel_m / max(scale, 0.01);
    var c = albedo;
    var rough = 0.0;
    var feature = 1.0;
    var average = albedo;
    switch kind {
        case 1u: {
            // Wood: planks 0.2 wide, each its own shade, with grain along them and seams.
            let plank = floor(uv.y / 0.2);
            let shade = 0.85 + 0.2 * hash2(vec2<f32>(plank, 7.0));
            let grain = noise2(vec2<f32>(uv.x * 1.5 + plank * 13.0, uv.y * 60.0));
            let seam = smoothstep(0.0, 0.004, to_line(uv.y, 0.2));
            c = albedo * shade * (0.8 + 0.35 * grain) * mix(0.45, 1.0, seam);
            feature = 0.05;
            average = albedo * shade * 0.93;
        }
        case 2u: {
            // Tiles 0.3 square, slightly uneven, in pale grout; glazed.
            let cell = floor(uv / 0.3);
            let grout = smoothstep(0.004, 0.008, min(to_line(uv.x, 0.3), to_line(uv.y, 0.3)));
            let tile = albedo * (0.88 + 0.2 * hash2(cell));
            c = mix(vec3<f32>(0.55, 0.54, 0.5), tile, grout);
            rough = mix(0.15, -0.35, grout);
            feature = 0.02;
            average = mix(vec3<f32>(0.55, 0.54, 0.5), tile, 0.94);
        }
        case 3u: {
            // Asphalt: dark grit over broad wear.
            let grit = hash2(floor(uv * 90.0));
            // Broad wear and a mottle of patched and oil-stained spots.
            let wear = 0.5 * noise2(uv * 5.0);
            c = albedo * (0.55 + 1.2 * grit * grit * grit * grit + wear);
            rough = 0.15;
            feature = 0.011;
            average = albedo * (0.79 + wear);
        }
        case 4u: {
            // Grass: tufts and patches, light and dark blades.
            let patches = noise2(uv * 3.0);
            let tufts = noise2(uv * 22.0);
            let blades = hash2(floor(uv * 140.0));
            c = albedo * (0.55 + 0.35 * patches + 0.3 * tufts + 0.3 * blades);
            c = c * vec3<f32>(0.95 + 0.15 * patches, 1.0, 0.9);
            rough = 0.2;
            feature = 0.007;
            // Far off, the blades blur to their mean; tufts and patches stay.
            average = albedo * (0.7 + 0.35 * patches + 0.3 * tufts) * vec3<f32>(0.95 + 0.15 * patches, 1.0, 0.9);
        }
        case 5u: {
            // Concrete: soft blotches, fine speckle and a few pours' joints.
            let blotch = noise2(uv * 1.2) * 0.5 + noise2(uv * 7.0) * 0.5;
            let speck = hash2(floor(uv * 120.0));
            let joint = smoothstep(0.0, 0.006, min(to_line(uv.x, 2.0), to_line(uv.y, 2.0)));
            c = albedo * (0.7 + 0.4 * blotch + 0.08 * speck) * mix(0.6, 1.0, joint);
            feature = 0.01;
            average = albedo * (0.74 + 0.4 * blotch);
        }
        case 6u: {
            // Brick: courses 0.075 high of bricks 0.225 long, every other course offset by
            // half a brick, in pale mortar.
            let course = floor(uv.y / 0.075);
            let run = uv.x + 0.1125 * (course - 2.0 * floor(course * 0.5));
            let brick = vec2<f32>(floor(run / 0.225), course);
            let mortar = smoothstep(0.004, 0.008, min(to_line(run, 0.225), to_line(uv.y, 0.075)));
            let face = albedo * (0.8 + 0.35 * hash2(brick)) * (0.92 + 0.12 * hash2(floor(uv * 60.0)));
            c = mix(vec3<f32>(0.62, 0.6, 0.56), face, mortar);
            rough = 0.1;
            feature = 0.01;
            average = mix(vec3<f32>(0.62, 0.6, 0.56), albedo * (0.8 + 0.35 * hash2(brick)) * 0.97, 0.85);
        }
        case 7u: {
            // Fabric: a plain weave of 1 cm threads, with a soft nap.
            let w = sin(uv.x * 628.0) * sin(uv.y * 628.0);
            let nap = noise2(uv * 10.0);
            c = albedo * (0.76 + 0.14 * w + 0.25 * nap);
            rough = 0.2;
            feature = 0.005;
            average = albedo * (0.76 + 0.25 * nap);
        }
        case 8u: {
            // Brushed metal: fine streaks along the surface.
            let streak = noise2(vec2<f32>(uv.x * 2.0, uv.y * 400.0));
            c = albedo * (0.88 + 0.2 * streak);
            rough = 0.1 * streak;
            feature = 0.0025;
            average = albedo * 0.98;
        }
        default: {}
    }
    c = mix(c, average, smoothstep(0.15, 0.6, footprint / feature));
    return vec4<f32>(c, rough);
}

@fragment
fn fs_main(in: VertexOut) -> @location(0) vec4<f32> {
    let n = normalize(in.normal);
    let l = -g.sun_dir.xyz;
    let to_cam = g.camera_pos.xyz - in.world_pos;
    let dist = length(to_cam);
    let v = to_cam / max(dist, 1e-6);
    var albedo = in.color.rgb;
    let surface = in.color.a;
    var pixel_m = 0.0;
    if (PATTERN > 0.5) {
        pixel_m = length(fwidth(in.world_pos));
    }
    // Surfaces: 0 matte, 1 glossy, 2 floor, 3 a material's own finish.
    var rough = 0.75;
    var metal = 0.0;
    if (surface > 0.5 && surface < 1.5) {
        rough = 0.3;
    }
    if (surface > 1.5 && surface < 2.5) {
        // Floor: large soft tiles so motion over it reads, unless its material has a pattern.
        let tile = floor(in.world_pos.x * 2.0) + floor(in.world_pos.z * 2.0);
        let checker = select(0.9, 1.0, fract(tile * 0.5) < 0.25);
        albedo = albedo * select(checker, 1.0, PATTERN > 0.5);
        rough = select(0.65, in.finish.x, PATTERN > 0.5);
    }
    if (surface > 2.5) {
        rough = in.finish.x;
        metal = clamp(in.finish.y, 0.0, 1.0);
    }
    // A material's pattern (surfaces 2 and 3, drawn by their pattern's pipeline): finish.w
    // its scale.
    if (PATTERN > 0.5) {
        let look = pattern(u32(PATTERN + 0.5), in.world_pos, n, in.finish.w, in.color.rgb, pixel_m);
        albedo = look.rgb;
        rough = rough + look.w;
    }
    rough = clamp(rough, 0.05, 1.0);
    let shadow = shadow_factor(in.shadow_uvz);
    var col = g.sun_color.rgb * brdf(n, v, l, albedo, rough, metal) * shadow;
    // Lamps: inverse-square falloff, a soft cone edge for spots, no shadows.
    for (var k = 0u; k < select(0u, min(g.light_count.x, 8u), LAMPS); k = k + 1u) {
        let pos = g.lights[3u * k].xyz;
        let dir = g.lights[3u * k + 1u];
        let radiance = g.lights[3u * k + 2u].rgb;
        let to_l = pos - in.world_pos;
        let d2 = max(dot(to_l, to_l), 0.0025);
        let ld = to_l * inverseSqrt(d2);
        var cone = 1.0;
        if (dir.w > -0.5) {
            cone = smoothstep(dir.w, mix(dir.w, 1.0, 0.25), dot(-ld, dir.xyz));
        }
        col = col + radiance * 0.42 * cone / d2 * lamp_brdf(n, v, ld, albedo, rough, metal);
    }
    // Ambient, occluded by what is near: the sky and ground hemisphere for the diffuse
    // part, the sky seen in the reflection (blurred towards the hemisphere by roughness)
    // for the specular part.
    let ao = sphere_visibility(in.world_pos, n, in.occ0) * sphere_visibility(in.world_pos, n, in.occ1)
        * sphere_visibility(in.world_pos, n, in.occ2) * sphere_visibility(in.world_pos, n, in.occ3);
    let ndv = max(dot(n, v), 1e-4);
    let f0 = mix(vec3<f32>(0.04), albedo, metal);
    let hemi = mix(g.ambient_ground.rgb, g.ambient_sky.rgb, n.y * 0.5 + 0.5);
    let r = reflect(-v, n);
    // (The sun in the reflection is the specular term above; the gradient is enough here.)
    let sky_r = mix(sky_gradient(r) * 0.6, mix(g.ambient_ground.rgb, g.ambient_sky.rgb, r.y * 0.5 + 0.5), rough);
    let spec_env = env_brdf(f0, rough, ndv);
    col = col + ao * (albedo * (1.0 - metal) * (vec3<f32>(1.0) - spec_env) * hemi + spec_env * sky_r);
    // A touch of rim light from the sky so silhouettes read against dark backgrounds.
    let rim_x = 1.0 - ndv;
    let rim = rim_x * rim_x * rim_x * 0.15;
    col = col + g.ambient_sky.rgb * rim * albedo * ao;
    // Distance haze towards the horizon colour.
    let haze = 1.0 - exp(-dist * 0.012);
    col = mix(col, g.sky_horizon.rgb, haze);
    return vec4<f32>(shown(aces(col)), select(1.0, 1.0 / (1.0 + dist), g.dof.x > 0.5));
}

struct SkyOut {
    @builtin(position) clip: vec4<f32>,
    // The view ray through this point of the screen (not normalised). It is linear across
    // the screen, so the corners' rays interpolate exactly and each pixel only normalises.
    @location(0) ray: vec3<f32>,
};

@vertex
fn vs_sky(@builtin(vertex_index) idx: u32) -> SkyOut {
    let p = vec2<f32>(f32((idx << 1u) & 2u), f32(idx & 2u)) * 2.0 - 1.0;
    var out: SkyOut;
    out.clip = vec4<f32>(p, 0.0, 1.0);
    let near = g.world_from_clip * vec4<f32>(p, 1.0, 1.0);
    let mid = g.world_from_clip * vec4<f32>(p, 0.5, 1.0);
    out.ray = mid.xyz / mid.w - near.xyz / near.w;
    return out;
}

@fragment
fn fs_sky(in: SkyOut) -> @location(0) vec4<f32> {
    return vec4<f32>(shown(aces(sky_color(normalize(in.ray)))), select(1.0, 0.0, g.dof.x > 0.5));
}
