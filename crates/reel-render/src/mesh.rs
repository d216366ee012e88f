//! Unit meshes: a cube (side 1), a sphere (diameter 1), a capped cylinder (diameter 1,
//! height 1, along +y). Positions and normals, indexed.

use bytemuck::{Pod, Zeroable};

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable, Debug)]
pub struct Vertex {
    pub position: [f32; 3],
    pub normal: [f32; 3],
}

pub struct MeshData {
    pub vertices: Vec<Vertex>,
    pub indices: Vec<u32>,
}

pub fn cube() -> MeshData {
    let mut vertices = Vec::new();
    let mut indices = Vec::new();
    let faces: [([f32; 3], [f32; 3], [f32; 3]); 6] = [
        ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]),
        ([-1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]),
        ([0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]),
        ([0.0, -1.0, 0.0], [0.0, 0.0, -1.0], [1.0, 0.0, 0.0]),
        ([0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
        ([0.0, 0.0, -1.0], [-1.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
    ];
    for (n, u, v) in faces {
        let base = vertices.len() as u32;
        for (su, sv) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
            let p = [0.5 * (n[0] + su * u[0] + sv * v[0]), 0.5 * (n[1] + su * u[1] + sv * v[1]), 0.5 * (n[2] + su * u[2] + sv * v[2])];
            vertices.push(Vertex { position: p, normal: n });
        }
        // Wind counter-clockwise seen from outside: u × v must point along n.
        let c = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
        let along = c[0] * n[0] + c[1] * n[1] + c[2] * n[2];
        if along > 0.0 {
            indices.extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
        } else {
            indices.extend_from_slice(&[base, base + 2, base + 1, base, base + 3, base + 2]);
        }
    }
    MeshData { vertices, indices }
}

pub fn sphere(seg: u32, rings: u32) -> MeshData {
    let mut vertices = Vec::new();
    let mut indices = Vec::new();
    for r in 0..=rings {
        let phi = std::f32::consts::PI * r as f32 / rings as f32;
        for s in 0..=seg {
            let th = std::f32::consts::TAU * s as f32 / seg as f32;
            let n = [phi.sin() * th.cos(), phi.cos(), -phi.sin() * th.sin()];
            vertices.push(Vertex { position: [n[0] * 0.5, n[1] * 0.5, n[2] * 0.5], normal: n });
        }
    }
    let w = seg + 1;
    for r in 0..rings {
        for s in 0..seg {
            let a = r * w + s;
            let b = a + w;
            indices.extend_from_slice(&[a, b, a + 1, a + 1, b, b + 1]);
        }
    }
    MeshData { vertices, indices }
}

pub fn cylinder(seg: u32) -> MeshData {
    let mut vertices = Vec::new();
    let mut indices = Vec::new();
    for s in 0..=seg {
        let th = std::f32::consts::TAU * s as f32 / seg as f32;
        let (x, z) = (th.cos(), -th.sin());
        vertices.push(Vertex { position: [x * 0.5, -0.5, z * 0.5], normal: [x, 0.0, z] });
        vertices.push(Vertex { position: [x * 0.5, 0.5, z * 0.5], normal: [x, 0.0, z] });
    }
    for s in 0..seg {
        let a = 2 * s;
        indices.extend_from_slice(&[a, a + 2, a + 1, a + 1, a + 2, a + 3]);
    }
    for (y, ny) in [(0.5f32, 1.0f32), (-0.5, -1.0)] {
        let centre = vertices.len() as u32;
        vertices.push(Vertex { position: [0.0, y, 0.0], normal: [0.0, ny, 0.0] });
        for s in 0..=seg {
            let th = std::f32::consts::TAU * s as f32 / seg as f32;
            vertices.push(Vertex { position: [th.cos() * 0.5, y, -th.sin() * 0.5], normal: [0.0, ny, 0.0] });
        }
        for s in 0..seg {
            let (a, b) = (centre + 1 + s, centre + 2 + s);
            if ny > 0.0 {
                indices.extend_from_slice(&[centre, a, b]);
            } else {
                indices.extend_from_slice(&[centre, b, a]);
            }
        }
    }
    MeshData { vertices, indices }
}
