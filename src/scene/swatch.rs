//! Legend swatches, shared by the poster's panel and the compact strip: each is drawn at the
//! origin in a box `w` by `h`, then moved into its row with [`offset`].

use super::{Colour, Item, Paint, Rect, Shape, Stroke};

/// The box filled with `paint` (a side's colour or a hatching), as a path.
pub(crate) fn block(w: f32, h: f32, paint: Paint) -> Item {
    let rings = vec![vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]];
    Item::Shape(Shape { rings, closed: true, fill: Some(paint), fill_opacity: 1.0, stroke: None })
}

/// The box filled with `colour`, as a rectangle.
pub(crate) fn filled(rect: Rect, colour: Colour) -> Item {
    Item::Rect { rect, fill: Some(colour), fill_opacity: 1.0, stroke: None }
}

/// A line across the middle of the box, drawn with `stroke`.
pub(crate) fn rule(w: f32, h: f32, stroke: Stroke) -> Item {
    let rings = vec![vec![(0.0, h / 2.0), (w, h / 2.0)]];
    Item::Shape(Shape { rings, closed: false, fill: None, fill_opacity: 0.0, stroke: Some(stroke) })
}

/// An arrow of advance across the middle of the box, `width` thick.
pub(crate) fn arrow(w: f32, h: f32, width: f32, colour: Colour) -> Item {
    let rings = vec![super::arrows::outline((0.0, h / 2.0), (w, h / 2.0), width)];
    Item::Shape(Shape { rings, closed: true, fill: Some(Paint::Solid(colour)), fill_opacity: 1.0, stroke: None })
}

/// Move an item drawn at the origin to (dx, dy).
pub(crate) fn offset(item: Item, dx: f32, dy: f32) -> Item {
    let shift = |rings: Vec<Vec<(f32, f32)>>| {
        rings.into_iter().map(|r| r.into_iter().map(|(x, y)| (x + dx, y + dy)).collect()).collect()
    };
    match item {
        Item::Shape(mut shape) => {
            shape.rings = shift(shape.rings);
            Item::Shape(shape)
        }
        Item::Rect { rect, fill, fill_opacity, stroke } => {
            Item::Rect { rect: Rect::new(rect.x + dx, rect.y + dy, rect.w, rect.h), fill, fill_opacity, stroke }
        }
        Item::Circle { cx, cy, r, fill, stroke } => Item::Circle { cx: cx + dx, cy: cy + dy, r, fill, stroke },
        Item::Text(mut t) => {
            t.x += dx;
            t.y += dy;
            Item::Text(t)
        }
        other => other,
    }
}
