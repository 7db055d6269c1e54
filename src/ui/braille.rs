//! A braille rasterizer: 2×4 dots per cell, each cell colored by the majority
//! of the color classes among its dots (ties to the lower class). Terminals
//! without braille get one dot per cell instead.

/// A dot's color class; `None` for points without a value.
pub type Class = Option<usize>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Braille dot bits (U+2800 + bits).
    pub bits: u8,
    /// Dots per class in this cell.
    counts: Vec<(Class, u32)>,
}

impl Cell {
    /// The class most dots have; ties go to the lower class, then to `None`.
    pub fn majority(&self) -> Option<Class> {
        self.counts
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|c| c.0)
    }

    pub fn symbol(&self, braille: bool) -> Option<char> {
        if self.bits == 0 {
            None
        } else if braille {
            char::from_u32(0x2800 + u32::from(self.bits))
        } else {
            Some('•')
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub cells: Vec<Cell>,
}

/// The bit of the dot at column `dx` (0..2) and row `dy` (0..4, top first).
fn bit(dx: usize, dy: usize) -> u8 {
    const LEFT: [u8; 4] = [0x01, 0x02, 0x04, 0x40];
    const RIGHT: [u8; 4] = [0x08, 0x10, 0x20, 0x80];
    if dx == 0 { LEFT[dy] } else { RIGHT[dy] }
}

impl Raster {
    pub fn new(width: usize, height: usize) -> Self {
        Self {
            width,
            height,
            cells: vec![Cell::default(); width * height],
        }
    }

    /// The cell and dot of a point in 0..1 × 0..1 (y up); `None` outside.
    pub fn locate(&self, x: f64, y: f64) -> Option<(usize, usize, u8)> {
        if !(0.0..=1.0).contains(&x)
            || !(0.0..=1.0).contains(&y)
            || self.width == 0
            || self.height == 0
        {
            return None;
        }
        let dots_x = ((x * (2 * self.width) as f64) as usize).min(2 * self.width - 1);
        let dots_y = (((1.0 - y) * (4 * self.height) as f64) as usize).min(4 * self.height - 1);
        Some((dots_x / 2, dots_y / 4, bit(dots_x % 2, dots_y % 4)))
    }

    pub fn plot(&mut self, x: f64, y: f64, class: Class) {
        let Some((cx, cy, b)) = self.locate(x, y) else {
            return;
        };
        let cell = &mut self.cells[cy * self.width + cx];
        cell.bits |= b;
        match cell.counts.iter_mut().find(|c| c.0 == class) {
            Some(c) => c.1 += 1,
            None => cell.counts.push((class, 1)),
        }
    }

    pub fn cell(&self, cx: usize, cy: usize) -> &Cell {
        &self.cells[cy * self.width + cx]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_land_in_their_cells_and_bits() {
        let mut r = Raster::new(2, 1);
        r.plot(0.0, 1.0, Some(0)); // top-left dot of cell 0
        r.plot(0.3, 0.0, Some(1)); // bottom-right dot of cell 0
        r.plot(1.0, 0.5, Some(1)); // right column, third row of cell 1
        assert_eq!(r.cell(0, 0).bits, 0x01 | 0x80);
        assert_eq!(r.cell(0, 0).symbol(true), Some('⢁'));
        assert_eq!(r.cell(1, 0).bits, 0x20);
        assert_eq!(r.cell(1, 0).symbol(true), Some('⠠'));
        assert_eq!(r.cell(1, 0).symbol(false), Some('•'));
        assert_eq!(r.locate(1.5, 0.5), None);
    }

    #[test]
    fn a_cell_takes_the_majority_color() {
        let mut r = Raster::new(1, 1);
        for (x, y, c) in [
            (0.1, 0.1, Some(2)),
            (0.9, 0.1, Some(1)),
            (0.9, 0.9, Some(1)),
            (0.1, 0.9, None),
        ] {
            r.plot(x, y, c);
        }
        assert_eq!(r.cell(0, 0).majority(), Some(Some(1)));
        assert_eq!(r.cell(0, 0).bits, 0x40 | 0x80 | 0x08 | 0x01);
        // A tie goes to the lower class.
        let mut t = Raster::new(1, 1);
        t.plot(0.1, 0.1, Some(3));
        t.plot(0.9, 0.9, Some(0));
        assert_eq!(t.cell(0, 0).majority(), Some(Some(0)));
        assert_eq!(Raster::new(1, 1).cell(0, 0).symbol(true), None);
    }
}
