//! A quadtree over 2-D points for Barnes-Hut sums: a cell far enough away
//! (its width over its distance below `theta`) acts as one point of its
//! summed mass at its centre of mass.

pub struct QuadTree {
    nodes: Vec<Node>,
    /// What a traversal reads, packed: built from `nodes` once they are all in.
    cells: Vec<Cell>,
}

#[derive(Clone, Copy)]
struct Cell {
    com: [f32; 2],
    count: f32,
    /// The cell's width, squared.
    width2: f32,
    children: u32,
}

struct Node {
    centre: [f32; 2],
    half: f32,
    /// Sum of the positions below, and how many there are.
    mass: [f64; 2],
    count: u32,
    /// Index of the first of four children, or 0 for a leaf.
    children: u32,
    /// A leaf's one point (or the first of several that coincide).
    point: Option<[f32; 2]>,
}

/// Deep enough for any f32 layout; below it, coinciding points share a leaf.
const MAX_DEPTH: usize = 48;

impl QuadTree {
    pub fn new(points: &[[f32; 2]]) -> Self {
        let (mut lo, mut hi) = ([f32::INFINITY; 2], [f32::NEG_INFINITY; 2]);
        for p in points {
            for d in 0..2 {
                lo[d] = lo[d].min(p[d]);
                hi[d] = hi[d].max(p[d]);
            }
        }
        let centre = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        let half = ((hi[0] - lo[0]).max(hi[1] - lo[1]) / 2.0).max(1e-6) * (1.0 + 1e-5);
        let mut tree = Self {
            nodes: vec![Node::empty(centre, half)],
            cells: Vec::new(),
        };
        for p in points {
            tree.insert(*p);
        }
        tree.cells = tree
            .nodes
            .iter()
            .map(|node| {
                let count = f64::from(node.count.max(1));
                Cell {
                    com: [(node.mass[0] / count) as f32, (node.mass[1] / count) as f32],
                    count: node.count as f32,
                    width2: 4.0 * node.half * node.half,
                    children: node.children,
                }
            })
            .collect();
        tree
    }

    fn insert(&mut self, p: [f32; 2]) {
        let mut at = 0usize;
        for depth in 0.. {
            let node = &mut self.nodes[at];
            node.mass[0] += f64::from(p[0]);
            node.mass[1] += f64::from(p[1]);
            node.count += 1;
            if node.children == 0 {
                match node.point {
                    None if node.count == 1 => {
                        node.point = Some(p);
                        return;
                    }
                    // Coinciding points, or too deep to split: they share the leaf.
                    Some(q) if q == p || depth >= MAX_DEPTH => return,
                    Some(q) => {
                        node.point = None;
                        self.split(at);
                        // The old point goes one level down (its mass is already counted here).
                        let child = self.child_for(at, q);
                        let c = &mut self.nodes[child];
                        c.mass = [f64::from(q[0]), f64::from(q[1])];
                        c.count = 1;
                        c.point = Some(q);
                    }
                    None => return,
                }
            }
            at = self.child_for(at, p);
        }
    }

    fn split(&mut self, at: usize) {
        let (centre, half) = (self.nodes[at].centre, self.nodes[at].half / 2.0);
        self.nodes[at].children = self.nodes.len() as u32;
        for (dx, dy) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
            self.nodes.push(Node::empty(
                [centre[0] + dx * half, centre[1] + dy * half],
                half,
            ));
        }
    }

    fn child_for(&self, at: usize, p: [f32; 2]) -> usize {
        let node = &self.nodes[at];
        let east = usize::from(p[0] > node.centre[0]);
        let north = usize::from(p[1] > node.centre[1]);
        node.children as usize + east + 2 * north
    }

    /// For the point `p` (itself in the tree): Σ w and Σ w²·(p - q) over every
    /// other point q, w = 1 / (1 + |p - q|²), cells summarised when
    /// `width / distance < theta`. `stack` is scratch space kept by the caller.
    pub fn repulsion(&self, p: [f32; 2], theta: f32, stack: &mut Vec<u32>) -> (f32, [f32; 2]) {
        let theta2 = theta * theta;
        let mut z = 0f32;
        let mut force = [0f32; 2];
        stack.clear();
        stack.push(0);
        while let Some(at) = stack.pop() {
            let cell = self.cells[at as usize];
            if cell.count == 0.0 {
                continue;
            }
            let (dx, dy) = (p[0] - cell.com[0], p[1] - cell.com[1]);
            let d2 = dx * dx + dy * dy;
            let leaf = cell.children == 0;
            if leaf || cell.width2 < theta2 * d2 {
                // A leaf at p holds p itself (and any points that coincide with it: no force).
                if d2 > 0.0 {
                    let w = 1.0 / (1.0 + d2);
                    let cw = cell.count * w;
                    z += cw;
                    force[0] += cw * w * dx;
                    force[1] += cw * w * dy;
                } else if leaf {
                    z += cell.count - 1.0;
                }
                continue;
            }
            stack.extend(cell.children..cell.children + 4);
        }
        (z, force)
    }
}

impl Node {
    fn empty(centre: [f32; 2], half: f32) -> Self {
        Self {
            centre,
            half,
            mass: [0.0; 2],
            count: 0,
            children: 0,
            point: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rng::Rng;

    fn exact(points: &[[f32; 2]], i: usize) -> (f32, [f32; 2]) {
        let p = points[i];
        let mut z = 0f32;
        let mut f = [0f32; 2];
        for (j, q) in points.iter().enumerate() {
            if j == i {
                continue;
            }
            let (dx, dy) = (p[0] - q[0], p[1] - q[1]);
            let w = 1.0 / (1.0 + dx * dx + dy * dy);
            z += w;
            f[0] += w * w * dx;
            f[1] += w * w * dy;
        }
        (z, f)
    }

    #[test]
    fn theta_zero_is_exact_and_half_is_close() {
        let mut rng = Rng::new(5);
        let mut points: Vec<[f32; 2]> = (0..400)
            .map(|_| [rng.unit() * 20.0, rng.unit() * 20.0])
            .collect();
        points.push(points[3]); // a duplicate
        let tree = QuadTree::new(&points);
        for i in [0, 3, 77, 400] {
            let (z, f) = exact(&points, i);
            let (z0, f0) = tree.repulsion(points[i], 0.0, &mut Vec::new());
            assert!((z0 - z).abs() < 1e-4 * z, "{z0} vs {z}");
            assert!((f0[0] - f[0]).abs() < 1e-5 && (f0[1] - f[1]).abs() < 1e-5);
            let (zh, _) = tree.repulsion(points[i], 0.5, &mut Vec::new());
            assert!((zh - z).abs() < 0.02 * z, "{zh} vs {z}");
        }
    }
}
