// reel's scene shader: a sun with a PCF-filtered shadow map, a hemisphere ambient matched
// to the analytic sky, Blinn-Phong highlights, distance haze and a filmic (ACES) tone map.
// The colour target is sRGB, so the hardware encodes the linear result.

struct Globals {
    view_proj: mat4x4<f32>,
    inv_view_proj: mat4x4<f32>,
    light_view_proj: mat4x4<f32>,
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
    // x: roughness, y: metalness (surface 3).
    @location(10) finish: vec4<f32>,
};

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world_pos: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) color: vec4<f32>,
    @location(3) finish: vec4<f32>,
};

@vertex
fn vs_main(v: VertexIn, i: InstanceIn) -> VertexOut {
    let model = mat4x4<f32>(i.m0, i.m1, i.m2, i.m3);
    let normal_m = mat3x3<f32>(i.n0.xyz, i.n1.xyz, i.n2.xyz);
    let world = model * vec4<f32>(v.position, 1.0);
    var out: VertexOut;
    out.clip = g.view_proj * world;
    out.world_pos = world.xyz;
    out.normal = normalize(normal_m * v.normal);
    out.color = i.color;
    out.finish = i.finish;
    return out;
}

@vertex
fn vs_shadow(v: VertexIn, i: InstanceIn) -> @builtin(position) vec4<f32> {
    let model = mat4x4<f32>(i.m0, i.m1, i.m2, i.m3);
    return g.light_view_proj * model * vec4<f32>(v.position, 1.0);
}

fn sky_color(dir: vec3<f32>) -> vec3<f32> {
    let up = clamp(dir.y, 0.0, 1.0);
    var col = mix(g.sky_horizon.rgb, g.sky_zenith.rgb, pow(up, 0.55));
    if (dir.y < 0.0) {
        col = mix(g.sky_horizon.rgb, g.ambient_ground.rgb * 1.5, clamp(-dir.y * 3.0, 0.0, 1.0));
    }
    let to_sun = -g.sun_dir.xyz;
    let cos_sun = max(dot(dir, to_sun), 0.0);
    col += g.sun_color.rgb * (pow(cos_sun, 900.0) * 4.0 + pow(cos_sun, 12.0) * 0.12);
    return col;
}

fn shadow_factor(world_pos: vec3<f32>, n: vec3<f32>) -> f32 {
    // sun_dir.w is the texel size in world units; in UV it is 1 / map size.
    let texel = 1.0 / f32(textureDimensions(shadow_map).x);
    let lp = g.light_view_proj * vec4<f32>(world_pos, 1.0);
    let ndc = lp.xyz / lp.w;
    let uv = vec2<f32>(ndc.x * 0.5 + 0.5, 0.5 - ndc.y * 0.5);
    // Outside the shadow map: lit. Computed without branching so sampling stays uniform.
    let outside = uv.x < 0.0 || uv.x > 1.0 || uv.y < 0.0 || uv.y > 1.0 || ndc.z > 1.0;
    // Four bilinear comparison taps: a 4x4-texel soft edge for the price of four samples.
    var sum = 0.0;
    sum += textureSampleCompareLevel(shadow_map, shadow_sampler, uv + vec2<f32>(-0.75, -0.75) * texel, ndc.z);
    sum += textureSampleCompareLevel(shadow_map, shadow_sampler, uv + vec2<f32>(0.75, -0.75) * texel, ndc.z);
    sum += textureSampleCompareLevel(shadow_map, shadow_sampler, uv + vec2<f32>(-0.75, 0.75) * texel, ndc.z);
    sum += textureSampleCompareLevel(shadow_map, shadow_sampler, uv + vec2<f32>(0.75, 0.75) * texel, ndc.z);
    return select(sum / 4.0, 1.0, outside);
}

fn aces(x: vec3<f32>) -> vec3<f32> {
    let a = 2.51;
    let b = 0.03;
    let c = 2.43;
    let d = 0.59;
    let e = 0.14;
    return clamp((x * (a * x + b)) / (x * (c * x + d) + e), vec3<f32>(0.0), vec3<f32>(1.0));
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
    if (surface > 1.5 && surface < 2.5) {
        // Floor: large soft tiles so motion over it reads.
        let tile = floor(in.world_pos.x * 2.0) + floor(in.world_pos.z * 2.0);
        let checker = select(0.9, 1.0, fract(tile * 0.5) < 0.25);
        albedo = albedo * checker;
    }
    let ndl = max(dot(n, l), 0.0);
    // Normal offset scaled by the texel size keeps acne away without peter-panning.
    let shadow = shadow_factor(in.world_pos + n * g.sun_dir.w * 3.0, n);
    let hemi = mix(g.ambient_ground.rgb, g.ambient_sky.rgb, n.y * 0.5 + 0.5);
    let h = normalize(l + v);
    var gloss = select(0.04, 0.35, surface > 0.5 && surface < 1.5);
    var shininess = select(16.0, 64.0, surface > 0.5 && surface < 1.5);
    var spec_color = vec3<f32>(1.0);
    var diffuse = 1.0;
    var reflect_sky = 0.0;
    if (surface > 2.5) {
        // A material's finish: rougher is broader and dimmer; metal tints its highlight
        // with its colour, has no diffuse part and mirrors the sky.
        let r = clamp(in.finish.x, 0.05, 1.0);
        let m = clamp(in.finish.y, 0.0, 1.0);
        shininess = clamp(2.0 / (r * r * r * r) - 2.0, 2.0, 1024.0);
        gloss = mix(0.04, 0.9, m) + 0.3 * (1.0 - r);
        spec_color = mix(vec3<f32>(1.0), albedo, m);
        diffuse = 1.0 - 0.85 * m;
        reflect_sky = m * (1.0 - r);
    }
    let spec = pow(max(dot(n, h), 0.0), shininess) * gloss * ndl;
    // A touch of rim light from the sky so silhouettes read against dark backgrounds.
    let rim = pow(1.0 - max(dot(n, v), 0.0), 3.0) * 0.15;
    // Lamps: inverse-square falloff, a soft cone edge for spots, no shadows.
    var lamp = vec3<f32>(0.0);
    var lamp_spec = vec3<f32>(0.0);
    for (var k = 0u; k < min(g.light_count.x, 8u); k = k + 1u) {
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
        let e = radiance * 0.42 * cone / d2;
        let lndl = max(dot(n, ld), 0.0);
        lamp = lamp + e * lndl;
        lamp_spec = lamp_spec + e * pow(max(dot(n, normalize(ld + v)), 0.0), shininess) * gloss * lndl;
    }
    var col = albedo * diffuse * (g.sun_color.rgb * ndl * shadow + hemi + lamp) + spec_color * lamp_spec + g.sun_color.rgb * spec_color * spec * shadow + g.ambient_sky.rgb * rim * albedo
        + albedo * hemi * reflect_sky;
    // Distance haze towards the horizon colour.
    let haze = 1.0 - exp(-dist * 0.012);
    col = mix(col, g.sky_horizon.rgb, haze);
    return vec4<f32>(aces(col), select(1.0, 1.0 / (1.0 + dist), g.dof.x > 0.5));
}

struct SkyOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) ndc: vec2<f32>,
};

@vertex
fn vs_sky(@builtin(vertex_index) idx: u32) -> SkyOut {
    let p = vec2<f32>(f32((idx << 1u) & 2u), f32(idx & 2u)) * 2.0 - 1.0;
    var out: SkyOut;
    out.clip = vec4<f32>(p, 0.0, 1.0);
    out.ndc = p;
    return out;
}

@fragment
fn fs_sky(in: SkyOut) -> @location(0) vec4<f32> {
    let near = g.inv_view_proj * vec4<f32>(in.ndc, 1.0, 1.0);
    let mid = g.inv_view_proj * vec4<f32>(in.ndc, 0.5, 1.0);
    let dir = normalize(mid.xyz / mid.w - near.xyz / near.w);
    return vec4<f32>(aces(sky_color(dir)), select(1.0, 0.0, g.dof.x > 0.5));
}
